//! A read deadline for every request body, so that a client trickling its body (one byte a
//! second) cannot hold a connection, a worker's attention and a half-read upload open forever.
//! actix-web's own `client_request_timeout` covers the request head only.
//!
//! The rule is Apache's `mod_reqtimeout` one: the body must arrive within
//! [`BodyDeadline::seconds`] of the request head, plus one second for every
//! [`MIN_BYTES_PER_SECOND`] bytes received, and never over [`MAX_FACTOR`] times the base. A
//! client at the minimum rate or faster is never cut before that cap (a 15 MB photo then needs
//! 25 KB/s with the default); one below it is cut about [`BodyDeadline::seconds`] after it
//! started. A cut body ends the request with 408 and the connection is closed.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use bytes::Bytes;
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use crate::error::UserMessage;
use crate::i18n::{Locale, Msg};

/// Each this many bytes received earn the body one more second.
pub const MIN_BYTES_PER_SECOND: u64 = 500;
/// The deadline never grows past this many times the base.
pub const MAX_FACTOR: u32 = 10;

/// The deadline settings (`HANGVIET_BODY_TIMEOUT_SECONDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyDeadline {
    /// Seconds a body may take before it has earned more by its rate.
    pub seconds: u64,
}

impl BodyDeadline {
    /// The time allowed once `received` bytes have arrived.
    fn allowance(self, received: u64) -> Duration {
        let base = Duration::from_secs(self.seconds);
        (base + Duration::from_secs(received / MIN_BYTES_PER_SECOND)).min(base * MAX_FACTOR)
    }
}

/// Middleware: wraps the request body in a stream that fails when the deadline passes, and
/// answers 408 (connection closed) if that happened, whatever the handler made of the error.
pub async fn enforce(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let deadline = req
        .app_data::<web::Data<BodyDeadline>>()
        .map(|deadline| *deadline.get_ref());
    let payload = req.take_payload();
    // A request without a body (most of them) needs no timer.
    let (Some(deadline), false) = (deadline, matches!(payload, Payload::None)) else {
        req.set_payload(payload);
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let cut = Arc::new(AtomicBool::new(false));
    req.set_payload(Payload::Stream {
        payload: Box::pin(TimedBody::new(payload, deadline, cut.clone())),
    });
    let result = next.call(req).await;
    if !cut.load(Ordering::Acquire) {
        return result.map(ServiceResponse::map_into_boxed_body);
    }
    let message = Locale::Vi.t("error-body-too-slow");
    let res = result?;
    let mut response = HttpResponse::build(StatusCode::REQUEST_TIMEOUT)
        .insert_header((header::CONNECTION, "close"))
        .content_type(mime::TEXT_PLAIN_UTF_8)
        .body(message);
    response
        .extensions_mut()
        .insert(UserMessage(Msg::new("error-body-too-slow")));
    Ok(res.into_response(response))
}

/// The request body, failing with a timed-out I/O error once its deadline passes.
struct TimedBody {
    inner: Payload,
    deadline: BodyDeadline,
    started: Instant,
    received: u64,
    timer: Pin<Box<Sleep>>,
    cut: Arc<AtomicBool>,
    finished: bool,
}

impl TimedBody {
    fn new(inner: Payload, deadline: BodyDeadline, cut: Arc<AtomicBool>) -> TimedBody {
        let started = Instant::now();
        TimedBody {
            inner,
            deadline,
            started,
            received: 0,
            timer: Box::pin(tokio::time::sleep_until(started + deadline.allowance(0))),
            cut,
            finished: false,
        }
    }
}

impl Stream for TimedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.received += u64::try_from(chunk.len()).unwrap_or(u64::MAX);
                let until = this.started + this.deadline.allowance(this.received);
                this.timer.as_mut().reset(until);
                if Instant::now() < until {
                    return Poll::Ready(Some(Ok(chunk)));
                }
            }
            Poll::Ready(None) => {
                this.finished = true;
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
            Poll::Pending => {
                if this.timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
            }
        }
        this.finished = true;
        this.cut.store(true, Ordering::Release);
        Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "request body deadline passed",
        )))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_grows_with_the_bytes_received_up_to_a_cap() {
        let d = BodyDeadline { seconds: 60 };
        assert_eq!(d.allowance(0), Duration::from_secs(60));
        assert_eq!(d.allowance(30_000), Duration::from_secs(120));
        assert_eq!(d.allowance(15 * 1024 * 1024), Duration::from_secs(600));
    }
}
