# Accounts (sign up, log in, change password), sign-in checks and password rules (auth),
# the checks of form fields (validate) and the citizens' report form (report).
# Translated from vi/account.ftl; same keys.

account-signup-title = Create a business account
account-signup-description = Create an account to present your business's products.
account-signup-intro = Businesses, cooperatives and producers sign up to present their products; an official reviews each profile before it is shown.
account-signup-citizens = Consumers need no account: searching the catalogue and reporting wrong information work without signing in.
account-name-label = Your name or your business's name
account-email-label = Email
account-password-label = Password
account-signup-password-hint = At least 8 characters; a whole sentence works well.
account-signup-button = Sign up
account-have-account = Already have an account? Log in
account-name-missing = Please tell us your name or your business's name.
account-name-too-long = The name can be at most 120 characters long.

account-login-title = Log in
account-login-button = Log in
account-no-account = No account yet? Sign up
account-login-failed = The email or password is not correct.

account-password-title = Change password
account-current-password-label = Current password
account-new-password-label = New password
account-new-password-hint = At least 8 characters.
account-password-button = Change password
account-back = Back
account-current-password-wrong = The current password is not correct.
account-password-changed = Your password has been changed. Your other sessions have been logged out.

# Refusals of the admins' account changes.
account-cannot-change-self = You cannot change your own role or suspend your own account.
account-last-admin = The site needs at least one active administrator.

auth-password-too-short = The password needs at least { $min } characters.
auth-password-too-long = The password can be at most { $max } characters long.
auth-password-common = This password is too common and easy to guess. Please choose another one.
auth-business-only = This area is for business accounts.
auth-officials-only = This area is for officials.
auth-admin-only = Only administrators can do this.
auth-form-invalid = The form is not valid.
auth-form-too-large = The form is too large.
auth-form-invalid-detail = The form is not valid: { $detail }
auth-request-refused = The request is not valid or your session has expired. Please reload the page and try again.
auth-request-invalid-reload = The request is not valid. Please reload the page and try again.

validate-tax-code = A tax code has 10 digits, or 10 digits - 3 digits for a branch (for example 0101234567-001).
validate-gtin-length = A GTIN barcode has 8, 12, 13 or 14 digits.
validate-gtin-check = The barcode's check digit is not right; please compare it with the packaging.
validate-website = A web address must start with http:// or https://.
validate-phone = This phone number is not valid.
validate-email = This email address is not valid.
validate-required = This field is required.
validate-too-long = At most { $max } characters.

report-title = Report wrong information: { $product }
report-description = Tell the officials when a product's information, award or point of sale is not right.
report-breadcrumbs = Breadcrumbs
report-heading = Report wrong information
report-intro-about = About the product
report-intro-check = An official will check it and correct the information if needed.
report-thanks = Thank you for your report.
report-thanks-forwarded = It has been passed on to the officials.
report-back-to-product = Back to the product page
report-field-reason = Reason
report-choose-reason = — Choose a reason —
report-field-message = Details
report-message-hint = What is wrong, what is right, and how you know. At most 2000 characters.
report-field-email = Contact email
report-email-hint = Only for an official to ask you more if needed; never shown publicly.
report-send = Send report
report-cancel = Cancel
report-error-reason = Please choose a reason for your report.
report-error-message = Please describe the wrong information so an official can check it.
report-too-many = You have sent many reports in the past hour. Please wait before sending more; your earlier reports have been passed on to the officials.

# The account strip under the site header, for a signed-in visitor.
account-bar-signed-in-as = Signed in as
account-bar-password = Change password
account-bar-log-out = Log out
