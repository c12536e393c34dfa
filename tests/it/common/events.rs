//! The events tests' helpers: an event's fields as an official would type them, and an event
//! made directly in the database (audited as the command line, published or not).

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use hangviet::db::DbConnection;
use hangviet::db::models::audit::Actor;
use hangviet::db::models::event::{Event, EventFields, EventKind};
use hangviet::db::schema::provinces;

/// The id of Hà Nội.
pub fn hanoi(conn: &mut DbConnection) -> i32 {
    provinces::table
        .filter(provinces::slug.eq("ha-noi"))
        .select(provinces::id)
        .first(conn)
        .expect("Hà Nội")
}

/// A product week in Hà Nội from `starts_on` to `ends_on`.
pub fn fields(
    conn: &mut DbConnection,
    name: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> EventFields {
    EventFields {
        name: name.to_owned(),
        name_en: String::new(),
        kind: EventKind::ProductWeek,
        venue: "Cung Văn hóa Hữu nghị Việt Xô".to_owned(),
        address: "91 Trần Hưng Đạo, Hoàn Kiếm".to_owned(),
        province_id: hanoi(conn),
        position: None,
        starts_on,
        ends_on,
        organiser: "Sở Công Thương Hà Nội".to_owned(),
        description: "Hơn 200 gian hàng Việt.".to_owned(),
        description_en: String::new(),
    }
}

/// An event `days` from `today` lasting three days, published when `published`; its id.
pub fn insert(
    conn: &mut DbConnection,
    name: &str,
    today: NaiveDate,
    days: i64,
    published: bool,
) -> i32 {
    let starts_on = today + TimeDelta::days(days);
    let f = fields(conn, name, starts_on, starts_on + TimeDelta::days(2));
    let now = chrono::Utc::now().naive_utc();
    let id = hangviet::actions::events::create(conn, &Actor::cli(), &f, now).expect("event");
    if published {
        let event = Event::by_id(conn, id).expect("event");
        Event::set_published(conn, &event, true, now).expect("published");
    }
    id
}
