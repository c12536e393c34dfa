//! Request bodies have a read deadline: a real server on a TCP socket, a client writing its body
//! a byte at a time, and a deadline of one second (`HANGVIET_BODY_TIMEOUT_SECONDS` in the
//! settings). A body below the minimum rate is cut with 408 and the connection closed; one at
//! the minimum rate or faster goes through even past the base deadline.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::web;

use crate::common::world::World;
use crate::common::{Actor, TestApp, multipart};

/// The whole app behind a real listener on a free loopback port.
fn serve(app: &TestApp) -> (SocketAddr, ServerHandle) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let addr = listener.local_addr().expect("address");
    let handle = app.serve(listener, 1);
    (addr, handle)
}

/// What the client saw: the response as read until the server closed, and when it began.
struct Sent {
    response: String,
    answered_after: Duration,
    closed: bool,
}

/// Sends `head`, then `body` in `chunk`-byte pieces every `every`, while reading the response
/// on another thread; stops writing once the server has answered.
fn send_slowly(
    addr: SocketAddr,
    head: String,
    body: Vec<u8>,
    chunk: usize,
    every: Duration,
) -> Sent {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut reader = stream.try_clone().expect("clone");
    let answered = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let reading = {
        let answered = answered.clone();
        std::thread::spawn(move || {
            let mut response = Vec::new();
            let mut buf = [0; 4096];
            let mut first = None;
            let closed = loop {
                match reader.read(&mut buf) {
                    Ok(0) => break true,
                    Ok(n) => {
                        first.get_or_insert_with(|| started.elapsed());
                        answered.store(true, Ordering::Release);
                        response.extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
                    Err(_) => break false,
                }
            };
            answered.store(true, Ordering::Release);
            Sent {
                response: String::from_utf8_lossy(&response).into_owned(),
                answered_after: first.unwrap_or_else(|| started.elapsed()),
                closed,
            }
        })
    };
    stream.write_all(head.as_bytes()).expect("head");
    for piece in body.chunks(chunk) {
        if answered.load(Ordering::Acquire) || stream.write_all(piece).is_err() {
            break;
        }
        // The client's pace is the attack being tested, not a wait for the server.
        std::thread::sleep(every);
    }
    reading.join().expect("reader")
}

fn head(path: &str, content_type: &str, length: usize, cookie: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost:8080\r\nOrigin: http://localhost:8080\r\n\
         Content-Type: {content_type}\r\nContent-Length: {length}\r\nCookie: {cookie}\r\n\r\n"
    )
}

#[actix_web::test]
async fn a_trickled_body_is_cut_with_408() {
    let world = World::new_with_settings(|s| s.body_timeout_seconds = 1);
    let (addr, server) = serve(&world.app);
    let a = world.member(Actor::BusinessA).expect("a");
    let cookie = format!("hv_session={}", a.session_token);
    let before = world.fingerprint();

    // A urlencoded form (the log-in form) and a photo upload, each at 4 bytes a second.
    let login = b"email=a%40example.vn&password=Sen+h%E1%BB%93ng+n%E1%BB%9F+gi%E1%BB%AFa".to_vec();
    let (photo_type, photo) = multipart(&[
        ("csrf_token", None, a.csrf_token.as_bytes()),
        ("photo", Some("a.jpg"), &crate::common::world::small_jpeg()),
    ]);
    let cases = [
        (
            "/dang-nhap".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
            login,
        ),
        (
            format!("/doanh-nghiep/san-pham/{}/anh", world.product_a),
            photo_type,
            photo,
        ),
    ];
    for (path, content_type, body) in cases {
        let head = head(&path, &content_type, body.len(), &cookie);
        let sent = web::block(move || send_slowly(addr, head, body, 1, Duration::from_millis(250)))
            .await
            .expect("client");
        assert!(
            sent.response.starts_with("HTTP/1.1 408"),
            "{path}: {}",
            sent.response
        );
        assert!(
            sent.answered_after >= Duration::from_millis(900)
                && sent.answered_after < Duration::from_secs(5),
            "{path}: cut after {:?}",
            sent.answered_after
        );
        assert!(sent.closed, "{path}: the connection is closed");
    }
    assert_eq!(world.fingerprint(), before, "nothing stored");
    server.stop(true).await;
}

#[actix_web::test]
async fn a_body_at_the_minimum_rate_is_not_cut() {
    let app = TestApp::with_settings(|s| s.body_timeout_seconds = 1);
    let (addr, server) = serve(&app);
    // 2,000 bytes at 1,000 bytes a second: longer than the base second, but each 500 bytes
    // earn one more.
    let fields = "email=a%40example.vn&password=x&pad=";
    let body = format!("{fields}{}", "x".repeat(2_000 - fields.len())).into_bytes();
    assert_eq!(body.len(), 2_000);
    let head = head(
        "/dang-nhap",
        "application/x-www-form-urlencoded",
        body.len(),
        "",
    );
    let sent = web::block(move || send_slowly(addr, head, body, 500, Duration::from_millis(500)))
        .await
        .expect("client");
    assert!(sent.answered_after >= Duration::from_millis(1_400));
    assert!(
        sent.response.starts_with("HTTP/1.1 ") && !sent.response.starts_with("HTTP/1.1 408"),
        "{}",
        sent.response
    );
    server.stop(true).await;
}
