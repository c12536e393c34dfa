# Email (issue 14): the mails the site sends and the account pages of the mailed links.

## Mails

mail-greeting = Hello { $name },
mail-greeting-plain = Hello,
mail-signature = hangviet — Vietnamese goods consumers love
mail-automatic = This is an automatic message; please do not reply to it.
mail-no-reason = (no reason given)

mail-confirm-subject = Confirm your email address on hangviet
mail-confirm-intro = You have just signed up for a business account on hangviet. Open the link below to confirm your email address and log in:
mail-confirm-expiry = The link works once, for 3 days. If you did not sign up, ignore this message: the account will not be activated.

mail-signup-attempt-subject = Someone just signed up with your email address on hangviet
mail-signup-attempt-intro = Someone just used this email address to sign up on hangviet, but the address already has an account. No new account was created.
mail-signup-attempt-login = If it was you, log in here:
mail-signup-attempt-reset = If you forgot your password, reset it here:
mail-signup-attempt-ignore = If it was not you, there is nothing you need to do.

mail-reset-subject = Reset your hangviet password
mail-reset-intro = Someone asked to reset the password of this account. Open the link below to choose a new password:
mail-reset-expiry = The link works once, for 1 hour. If you did not ask for it, ignore this message: your password stays as it is.

mail-product-approved-subject = Your product “{ $product }” was approved
mail-product-approved-body = An official approved the product “{ $product }” of { $producer }. It is now public at:
mail-product-rejected-subject = Your product “{ $product }” was not approved
mail-product-rejected-body = An official did not approve the product “{ $product }” of { $producer }, for this reason:
mail-product-rejected-next = Please change the product accordingly and send it for review again:

mail-claim-approved-subject = Your request to manage “{ $producer }” was accepted
mail-claim-approved-body = An official accepted your request: you now manage the producer page “{ $producer }”. Go to the business area:
mail-claim-rejected-subject = Your request to manage “{ $producer }” was not accepted
mail-claim-rejected-body = An official did not accept your request to manage the producer page “{ $producer }”, for this reason:
mail-claim-rejected-next = If you think this is a mistake, contact the site's team:

mail-digest-subject = Pending work on hangviet on { $date }
mail-digest-intro = Work waiting for officials:
mail-digest-submitted = Products awaiting review: { $count }
mail-digest-edits = Edits awaiting review: { $count }
mail-digest-claims = Requests to manage a producer: { $count }
mail-digest-reports = Open reports: { $count }
mail-digest-points = Points of sale to look at: { $count }
mail-digest-stop = You receive this because you chose the daily digest. Change your choice at:

## Account pages of the mailed links

mail-check-title = Check your mailbox
mail-check-body = We sent a message to the email address you entered. Open the link in it to continue.
mail-check-spam = No message after a few minutes? Look in your spam folder too.
mail-go-to-login = Go to the login page
mail-confirm-title = Confirm your email address
mail-confirm-explain = Press the button below to confirm your email address and log in.
mail-confirm-button = Confirm and log in
mail-link-dead-title = This link no longer works
mail-link-dead-body = This link was already used, has expired or is not right. You can log in (if the account is not confirmed yet, the login page lets you get a new link) or reset your password.
mail-forgot-link = Forgot your password?
mail-forgot-title = Forgot your password
mail-forgot-explain = Enter the email address of your account. If it has an account, we will send a link to choose a new password, valid for 1 hour.
mail-forgot-button = Send the reset link
mail-forgot-sent = If this address has an account, a password reset link has been sent to it.
mail-reset-title = Choose a new password
mail-reset-button = Save the new password
mail-resend-explain = No confirmation message, or the link has expired?
mail-resend-button = Send the confirmation link again
mail-resent-notice = If this account is waiting for confirmation, a new link has been sent to its email address.
account-login-unconfirmed = This account has not confirmed its email address yet. Open the link in the message we sent, or send the link again below.
mail-digest-setting-title = Daily digest
mail-digest-setting-label = Every morning, send me a summary of pending work (products, requests to manage a producer, reports, points of sale). Nothing pending, no message.
mail-digest-setting-button = Save my choice

## Flash messages

flash-email-confirmed = Your email address is confirmed. Welcome!
flash-password-reset = Your new password is set. Other sessions have been logged out.
flash-digest-on = The daily digest is on.
flash-digest-off = The daily digest is off.
