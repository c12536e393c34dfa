//! Error pages in the site's look. The `ErrorHandlers` middleware turns every plain error
//! response (from `AppError`, or actix itself: unknown route, bad query) into an HTML page,
//! or into JSON under `/api/`. If the page itself fails to render, the plain text stays.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web;

use crate::app::AppState;
use crate::handlers::PageAddress;
use crate::views::{self, pages::ErrorPage};

/// What the user is told for each status.
fn wording(status: u16) -> (&'static str, &'static str) {
    match status {
        404 => (
            "Không tìm thấy trang",
            "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy thử tìm kiếm hoặc quay lại danh mục sản phẩm.",
        ),
        400 => (
            "Yêu cầu không hợp lệ",
            "Địa chỉ hoặc bộ lọc có giá trị không hợp lệ.",
        ),
        405 => (
            "Không hỗ trợ thao tác này",
            "Trang này không nhận kiểu yêu cầu bạn vừa gửi.",
        ),
        403 => (
            "Không được phép",
            "Tài khoản của bạn không có quyền thực hiện thao tác này.",
        ),
        413 => ("Tệp quá lớn", "Tệp bạn gửi vượt quá dung lượng cho phép."),
        429 => (
            "Xin thử lại sau",
            "Bạn đã thử quá nhiều lần. Xin vui lòng đợi ít phút.",
        ),
        503 => ("Hệ thống đang bận", "Xin vui lòng thử lại sau ít phút."),
        _ => (
            "Đã có lỗi xảy ra",
            "Máy chủ gặp sự cố khi xử lý yêu cầu. Chúng tôi đã ghi nhận; xin vui lòng thử lại sau.",
        ),
    }
}

/// Replaces a non-HTML error response by the error page.
pub fn render_error_page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let already_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let status = res.status();
    if already_html || status.is_redirection() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let (req, response) = res.into_parts();
    // A 400 from AppError carries a message meant for the user; keep it.
    let detail = response
        .extensions()
        .get::<crate::error::UserMessage>()
        .map(|m| m.0.clone());
    let (heading, default_message) = wording(status.as_u16());
    let message = detail.unwrap_or_else(|| default_message.to_owned());

    if req.path().starts_with("/api/") {
        let body = serde_json::json!({ "error": message, "status": status.as_u16() });
        let response = response.set_body(body.to_string()).map_into_boxed_body();
        let mut res = ServiceResponse::new(req, response);
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        );
        return Ok(ErrorHandlerResponse::Response(res.map_into_right_body()));
    }

    let html = req.app_data::<web::Data<AppState>>().and_then(|state| {
        let address = PageAddress::of(&req);
        let page = ErrorPage {
            meta: address.meta("", heading, message.clone()),
            status: status.as_u16(),
            heading: heading.to_owned(),
            message: message.clone(),
        };
        views::render_string(&state.templates, "error.html", &page)
            .map_err(|e| tracing::error!(error = %format!("{e:?}"), "error page failed to render"))
            .ok()
    });
    let Some(html) = html else {
        let response = response.set_body(message).map_into_boxed_body();
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, response).map_into_right_body(),
        ));
    };
    let response: actix_web::HttpResponse<BoxBody> = response.set_body(html).map_into_boxed_body();
    let mut res = ServiceResponse::new(req, response);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}
