# The site's own pages: about and contact (/gioi-thieu), terms of use (/dieu-khoan), privacy
# notice (/quyen-rieng-tu), and their links in the footer. Translated from vi/info.ftl.

footer-about-link = About and contact
footer-terms-link = Terms of use
footer-privacy-link = Privacy
footer-site-label = About this site

about-title = About and contact
about-description = Who runs hangviet, what it is for and how to reach them.
about-who-heading = Who runs the site
about-who = hangviet is built for Hanoi's Steering Committee of the campaign “Vietnamese people prioritise Vietnamese goods” and the city departments that assist it. The committee's officials record the award lists, review what businesses submit and answer consumers' reports; every action of an official is logged.
about-what-heading = What the site is for
about-what = It presents products holding the titles “Vietnamese goods favoured by consumers”, OCOP, “High-quality Vietnamese goods” and “National Brand”: who makes them, in which year they won, whether the title is still valid, and where to buy them. Each title links to where it was published, when known.
about-contact-heading = Contact
about-contact-email = E-mail of the team that runs the site:
about-contact-data = Wrong or outdated information about a product: use the “Report it” link at the end of that product's page. Reports go straight to the officials in charge; leave your email if you would like an answer.
about-contact-business = Businesses, cooperatives and producers: create a business account to manage your producer page and submit products with photos for review.
about-contact-data-link = Browse the products
about-contact-business-link = Business area
about-open-data = The site's data is published openly through its programming interface (API) at /api/v1.

terms-title = Terms of use
terms-description = The conditions for using hangviet, for consumers and businesses.
terms-info-heading = The information on the site
terms-info = Award information comes from official decisions and published lists, with a link to the source when known. Titles have a term (an OCOP star rating lasts 36 months, for example); the site says plainly when a title has expired. Before relying on a title for anything important, check the original document linked.
terms-business-heading = Businesses publishing information
terms-business = Businesses answer for the accuracy of the information and photos they submit, and submit only photos they have the right to use. Every product is reviewed by an official before it is shown; officials may refuse or hide information that is wrong, misleading or unlawful, and record why.
terms-conduct-heading = Fair use
terms-conduct = Do not use the site to send false reports, unrelated advertising or attacks on the system. Logins, sign-ups and reports are limited in number to prevent abuse.
terms-reuse-heading = Reusing the data
terms-reuse = The public award data may be reused through the site's programming interface, credited to “hangviet” and to the original source of each title.

privacy-title = Privacy
privacy-description = What the site keeps about accounts and reports, why, and for how long.
privacy-intro = Consumers browse, search and send reports without an account. The site uses no tracking, advertising or third-party code.
privacy-kept-heading = What is kept, and for how long
privacy-accounts = Accounts (businesses, officials): email, name or business name, the password as an Argon2 hash (nobody can read the password), role and status. Kept as long as the account exists.
privacy-sessions = Sign-in sessions: only the SHA-256 hash of the session cookie, when it began and when it was last used. A session ends after 14 days without use and after 30 days at most; logging out or changing the password ends it on the server at once.
privacy-addresses = The IP addresses each account signed in from successfully (IPv6 counted by /64 block), so the owner is not locked out while someone guesses the password: kept 90 days after the last successful sign-in from that address.
privacy-rate-limits = Abuse-prevention records (IP address, the email used to sign in, time of the attempt): used to limit sign-ins, sign-ups and reports; deleted after about a day.
privacy-reports = Reports of wrong information: the reason, the message, your contact email if you left one, and the official's note on how it was handled. Only officials see them; they are kept to follow the correction, until the product concerned is deleted. The sender's IP address is not stored with the report.
privacy-audit = The log of officials' and administrators' actions (who, what, when, why): kept long-term as an official record.
privacy-cookies-heading = Cookies
privacy-cookies = The site sets only two necessary cookies: the sign-in session (hv_session, at most 14 days) and the form anti-forgery token (hv_csrf, gone when the browser closes). No advertising or analytics cookies.
privacy-rights-heading = Your rights
privacy-rights = You can change your password, log out to end your session, and ask the site's administrators to correct or delete your account (see the About and contact page).
