//! [`Browser`]: one visitor's cookie-keeping client of a [`TestApp`], with the form and
//! multipart helpers the tests post with.

use actix_web::test;

use super::{Member, PASSWORD, Page, TestApp};
use actix_web::http::StatusCode;

/// A browser for one visitor: keeps the cookies the site sets and sends them back.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: std::collections::BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: Default::default(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, page: &Page) {
        for value in page.headers.get_all("set-cookie") {
            let Ok(text) = value.to_str() else { continue };
            let Ok(c) = actix_web::cookie::Cookie::parse(text.to_owned()) else {
                continue;
            };
            let expired = c.max_age().is_some_and(|a| a.is_zero()) || c.value().is_empty();
            if expired {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_owned(), c.value().to_owned());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let mut req = test::TestRequest::get().uri(path);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }

    /// The CSRF token of the form on `path`.
    pub async fn token(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        csrf_of(&page.body).unwrap_or_else(|| panic!("no csrf_token on {path}: {}", page.body))
    }

    /// POSTs a urlencoded form as it is (no token added).
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("form encodes");
        let mut req = test::TestRequest::post()
            .uri(path)
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }

    /// POSTs a form with the token of the page at `form_page`, as a browser would.
    pub async fn submit(&mut self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token(form_page).await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(
            action,
            &all,
            &[
                ("Origin", "http://localhost:8080"),
                ("Sec-Fetch-Site", "same-origin"),
            ],
        )
        .await
    }

    /// Signs up and confirms the address by the mailed link: signed in after. The answer is
    /// the confirmation's (a 303 to the landing page).
    pub async fn sign_up(&mut self, email: &str, account_type: &str) -> Page {
        let page = self.sign_up_unconfirmed(email, account_type).await;
        assert!(
            page.header("location").ends_with("/dang-ky/kiem-tra-email"),
            "sign-up of {email} asks to check the mail: {}",
            page.header("location")
        );
        let confirmed = self.confirm_from_mail(email).await;
        assert_eq!(
            confirmed.status,
            StatusCode::SEE_OTHER,
            "confirmation of {email}: {}",
            confirmed.body
        );
        confirmed
    }

    /// Posts the sign-up form (the account waits for confirmation).
    pub async fn sign_up_unconfirmed(&mut self, email: &str, account_type: &str) -> Page {
        let page = self
            .submit(
                "/dang-ky",
                "/dang-ky",
                &[
                    ("email", email),
                    ("name", "Người Thử"),
                    ("password", PASSWORD),
                    ("account_type", account_type),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-up of {email}: {}",
            page.body
        );
        page
    }

    pub async fn log_in(&mut self, email: &str, password: &str) -> Page {
        self.submit(
            "/dang-nhap",
            "/dang-nhap",
            &[("email", email), ("password", password)],
        )
        .await
    }
}

/// The value of the first `csrf_token` field in `html`.
pub fn csrf_of(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].chars().take_while(|c| *c != '"').collect())
}

impl TestApp {
    /// A browser carrying `member`'s session.
    pub fn browser_of(&self, member: &Member) -> Browser<'_> {
        let mut b = Browser::new(self);
        b.cookies
            .insert("hv_session".to_owned(), member.session_token.clone());
        b
    }
}

/// A multipart body: `(name, filename, bytes)` parts, with its Content-Type.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----hangvietTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        match filename {
            Some(f) => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
            ),
            None => body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Browser<'_> {
    /// POSTs a multipart body as it is.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        parts: &[(&str, Option<&str>, &[u8])],
    ) -> Page {
        let (content_type, body) = multipart(parts);
        let mut req = test::TestRequest::post()
            .uri(path)
            .insert_header(("Content-Type", content_type))
            .insert_header(("Origin", "http://localhost:8080"))
            .set_payload(body);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }
}
