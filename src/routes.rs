//! The route table: every URL of the site, in one place (DESIGN.md section 3). The same list
//! registers the routes and is exported as [`ROUTES`], so tests can walk every route (every
//! state-changing one must refuse a request without a CSRF token).

use actix_web::{guard, web};

use crate::handlers::business::{
    self, events as business_events, photos, points_of_sale as business_points,
    products as business_products,
};
use crate::handlers::{
    account, account_mail, admin, api, articles, assets, awards, bulk, buyers, catalogue, events,
    feeds, health, info, jury, metrics, openapi, producers, reports, search, sharing, vote,
    where_to_buy,
};

macro_rules! route_table {
    ($( $method:ident $path:literal => $handler:path; )*) => {
        /// `(method, path)` of every route.
        pub const ROUTES: &[(&str, &str)] = &[$( (stringify!($method), $path) ),*];

        pub fn configure(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, method(stringify!($method)).to($handler)); )*
        }
    };
}

/// The route for a method of the table: a page that answers GET also answers HEAD (the
/// server sends the headers of the GET answer without its body).
fn method(name: &str) -> actix_web::Route {
    match name {
        "get" => web::route().guard(guard::Any(guard::Get()).or(guard::Head())),
        _ => web::post(),
    }
}

route_table! {
    get "/" => catalogue::home;
    get "/san-pham" => catalogue::list_products;
    get "/san-pham/{slug}" => catalogue::show_product;
    get "/san-pham/{slug}/bao-cao" => reports::show_report_form;
    post "/san-pham/{slug}/bao-cao" => reports::create_report;
    get "/san-pham/{slug}/qr.svg" => sharing::show_qr;
    get "/san-pham/{slug}/nhan" => sharing::show_label;
    get "/danh-muc/{slug}" => catalogue::show_category;
    get "/nha-san-xuat" => producers::list_producers;
    get "/nha-san-xuat/{slug}" => producers::show_producer;
    get "/giai-thuong" => awards::award_index;
    get "/giai-thuong/gioi-thieu" => awards::award_guide;
    get "/giai-thuong/{programme}/{year}" => awards::award_year;
    get "/binh-chon" => vote::ballot_page;
    post "/binh-chon" => vote::cast_ballot;
    get "/binh-chon/da-gui" => vote::sent_page;
    get "/binh-chon/xac-nhan/{token}" => vote::confirm_page;
    post "/binh-chon/xac-nhan/{token}" => vote::confirm_ballot;
    get "/binh-chon/{year}" => vote::year_page;
    get "/binh-chon/{year}/tep/{name}" => vote::published_file;
    get "/giam-khao" => jury::show_jury;
    get "/giam-khao/{year}" => jury::show_sheet;
    post "/giam-khao/{year}" => jury::save_sheet;
    get "/tin-tuc" => articles::list_articles;
    get "/tin-tuc/{slug}" => articles::show_article;
    get "/feed.xml" => feeds::show_feed;
    get "/sitemap.xml" => feeds::show_sitemap;
    get "/sitemap/{file}" => feeds::show_sitemap_file;
    get "/robots.txt" => feeds::show_robots;
    get "/tim-kiem" => search::search_page;
    get "/api/v1/search" => search::api_search;
    get "/api/v1/suggest" => search::api_suggest;
    get "/api/v1/products" => api::list_products;
    get "/api/v1/products/{slug}" => api::show_product;
    get "/api/v1/producers/{slug}" => api::show_producer;
    get "/api/v1/points-of-sale" => api::list_points_of_sale;
    get "/api/v1/openapi.json" => openapi::show_openapi;
    get "/api" => openapi::show_api_docs;
    get "/diem-ban" => where_to_buy::list_points_of_sale;
    get "/mua-sam-cong" => buyers::list_buyers;
    get "/mua-sam-cong.csv" => buyers::export_buyers_csv;
    get "/mua-sam-cong.xlsx" => buyers::export_buyers_xlsx;
    get "/dang-ky" => account::show_signup;
    post "/dang-ky" => account::create_account;
    get "/dang-nhap" => account::show_login;
    post "/dang-nhap" => account::log_in;
    post "/dang-xuat" => account::log_out;
    get "/tai-khoan/mat-khau" => account::show_password;
    post "/tai-khoan/mat-khau" => account::change_password;
    get "/dang-ky/kiem-tra-email" => account_mail::show_check_mail;
    post "/dang-ky/gui-lai-xac-nhan" => account_mail::resend_confirmation;
    get "/xac-nhan-email/{token}" => account_mail::show_confirm;
    post "/xac-nhan-email/{token}" => account_mail::confirm_email;
    get "/quen-mat-khau" => account_mail::show_forgot;
    post "/quen-mat-khau" => account_mail::request_reset;
    get "/dat-lai-mat-khau/{token}" => account_mail::show_reset;
    post "/dat-lai-mat-khau/{token}" => account_mail::reset_password;
    post "/tai-khoan/thu-tong-hop" => account_mail::set_digest;
    get "/doanh-nghiep" => business::dashboard;
    get "/doanh-nghiep/binh-chon" => business::vote::show;
    post "/doanh-nghiep/binh-chon/de-cu" => business::vote::nominate;
    post "/doanh-nghiep/binh-chon/de-cu/{id}/rut" => business::vote::withdraw;
    post "/doanh-nghiep/binh-chon/de-cu/{id}/bo-sung" => business::vote::resubmit;
    post "/doanh-nghiep/binh-chon/khieu-nai" => business::vote::object;
    get "/doanh-nghiep/nha-san-xuat/moi" => business::producers::new_producer;
    post "/doanh-nghiep/nha-san-xuat/moi" => business::producers::create_producer;
    get "/doanh-nghiep/nha-san-xuat/nhan" => business::producers::find_claim;
    get "/doanh-nghiep/nha-san-xuat/{id}" => business::producers::edit_producer;
    post "/doanh-nghiep/nha-san-xuat/{id}" => business::producers::update_producer;
    post "/doanh-nghiep/nha-san-xuat/{id}/nhan" => business::producers::claim_producer;
    get "/doanh-nghiep/san-pham/moi" => business_products::new_product;
    post "/doanh-nghiep/san-pham/moi" => business_products::create_product;
    get "/doanh-nghiep/san-pham/{id}" => business_products::edit_product;
    post "/doanh-nghiep/san-pham/{id}" => business_products::update_product;
    post "/doanh-nghiep/san-pham/{id}/gui-duyet" => business_products::submit_product;
    post "/doanh-nghiep/san-pham/{id}/anh" => photos::upload_photo;
    post "/doanh-nghiep/san-pham/{id}/anh/{photo}/xoa" => photos::delete_photo;
    post "/doanh-nghiep/san-pham/{id}/anh/{photo}/len" => photos::move_photo;
    post "/doanh-nghiep/san-pham/{id}/anh/{photo}/xuong" => photos::move_photo;
    post "/doanh-nghiep/san-pham/{id}/anh/{photo}/mo-ta" => photos::describe_photo;
    post "/doanh-nghiep/san-pham/{id}/anh/thu-tu" => photos::reorder_photos;
    get "/doanh-nghiep/nha-san-xuat/{id}/diem-ban" => business_points::list_points;
    get "/doanh-nghiep/nha-san-xuat/{id}/diem-ban/moi" => business_points::new_point;
    post "/doanh-nghiep/nha-san-xuat/{id}/diem-ban/moi" => business_points::create_point;
    get "/doanh-nghiep/diem-ban/{point}" => business_points::edit_point;
    post "/doanh-nghiep/diem-ban/{point}" => business_points::update_point;
    post "/doanh-nghiep/diem-ban/{point}/xoa" => business_points::delete_point;
    get "/quan-tri" => admin::show_queue;
    get "/quan-tri/tong-quan" => admin::show_dashboard;
    get "/quan-tri/san-pham/{id}" => admin::review_product;
    post "/quan-tri/san-pham/{id}/duyet" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/tu-choi" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/an" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/hien-lai" => admin::decide_product;
    post "/quan-tri/nhan-quan-ly/{claim}/duyet" => admin::decide_claim_route;
    post "/quan-tri/nhan-quan-ly/{claim}/tu-choi" => admin::decide_claim_route;
    get "/quan-tri/san-pham/{id}/giai-thuong" => admin::show_product_awards;
    post "/quan-tri/san-pham/{id}/giai-thuong" => admin::record_award;
    get "/quan-tri/giai-thuong" => admin::show_award_tools;
    get "/quan-tri/giai-thuong/xuat.csv" => admin::export_awards;
    get "/quan-tri/giai-thuong/nhap" => admin::show_import_form;
    post "/quan-tri/giai-thuong/nhap" => admin::upload_import;
    get "/quan-tri/giai-thuong/nhap/mau.csv" => admin::import_template;
    get "/quan-tri/giai-thuong/nhap/{import}" => admin::show_import;
    post "/quan-tri/giai-thuong/nhap/{import}/xac-nhan" => admin::confirm_import;
    post "/quan-tri/giai-thuong/{award}" => admin::edit_award;
    post "/quan-tri/giai-thuong/{award}/thu-hoi" => admin::withdraw_award;
    get "/quan-tri/bo-suu-tap" => admin::list_collections;
    post "/quan-tri/bo-suu-tap" => admin::create_collection;
    get "/quan-tri/bo-suu-tap/goi-y" => admin::suggest_collection_products;
    get "/quan-tri/bo-suu-tap/{collection}" => admin::edit_collection;
    post "/quan-tri/bo-suu-tap/{collection}" => admin::update_collection;
    post "/quan-tri/bo-suu-tap/{collection}/xoa" => admin::delete_collection;
    post "/quan-tri/bo-suu-tap/{collection}/san-pham" => admin::add_collection_item;
    post "/quan-tri/bo-suu-tap/{collection}/san-pham/{item}/len" => admin::change_collection_item;
    post "/quan-tri/bo-suu-tap/{collection}/san-pham/{item}/xuong" => admin::change_collection_item;
    post "/quan-tri/bo-suu-tap/{collection}/san-pham/{item}/xoa" => admin::change_collection_item;
    get "/quan-tri/bao-cao" => admin::list_reports;
    get "/quan-tri/bao-cao.csv" => admin::export_reports;
    post "/quan-tri/bao-cao/{report}/xu-ly" => admin::resolve_report;
    get "/quan-tri/nhat-ky" => admin::show_audit;
    get "/quan-tri/binh-chon" => admin::list_votes;
    post "/quan-tri/binh-chon" => admin::create_vote;
    get "/quan-tri/binh-chon/{year}" => admin::show_vote;
    post "/quan-tri/binh-chon/{year}/chuyen" => admin::advance_vote;
    post "/quan-tri/binh-chon/{year}/quyet-dinh" => admin::set_vote_decision;
    post "/quan-tri/binh-chon/{year}/de-cu/{id}" => admin::review_nomination;
    post "/quan-tri/binh-chon/{year}/phat-hien" => admin::run_detection;
    post "/quan-tri/binh-chon/{year}/huy-phieu" => admin::invalidate_ballots;
    post "/quan-tri/binh-chon/{year}/khieu-nai/{id}" => admin::decide_objection;
    post "/quan-tri/binh-chon/{year}/giam-khao" => admin::appoint_juror;
    get "/quan-tri/binh-chon/{year}/phieu-giay" => admin::list_batches;
    post "/quan-tri/binh-chon/{year}/phieu-giay" => admin::open_batch;
    get "/quan-tri/binh-chon/{year}/phieu-giay/{batch}" => admin::show_batch;
    post "/quan-tri/binh-chon/{year}/phieu-giay/{batch}" => admin::enter_batch;
    get "/quan-tri/tin-tuc" => admin::list_articles;
    get "/quan-tri/tin-tuc/moi" => admin::new_article;
    post "/quan-tri/tin-tuc/moi" => admin::create_article;
    get "/quan-tri/tin-tuc/{article}" => admin::edit_article;
    post "/quan-tri/tin-tuc/{article}" => admin::update_article;
    get "/quan-tri/tin-tuc/{article}/xem-truoc" => admin::preview_article;
    post "/quan-tri/tin-tuc/{article}/xuat-ban" => admin::change_publication;
    post "/quan-tri/tin-tuc/{article}/an" => admin::change_publication;
    get "/quan-tri/nguoi-dung" => admin::list_users;
    post "/quan-tri/nguoi-dung/{user}/vai-tro" => admin::set_role;
    post "/quan-tri/nguoi-dung/{user}/dinh-chi" => admin::change_suspension;
    post "/quan-tri/nguoi-dung/{user}/mo-lai" => admin::change_suspension;
    get "/quan-tri/diem-ban" => admin::list_points_of_sale;
    get "/quan-tri/diem-ban/xuat.csv" => admin::export_points_of_sale;
    get "/quan-tri/diem-ban/nhap" => admin::show_point_import;
    post "/quan-tri/diem-ban/nhap" => admin::import_points_of_sale;
    get "/quan-tri/diem-ban/{point}" => admin::edit_point_of_sale;
    post "/quan-tri/diem-ban/{point}" => admin::update_point_of_sale;
    post "/quan-tri/diem-ban/{point}/da-xem" => admin::decide_point_of_sale;
    post "/quan-tri/diem-ban/{point}/an" => admin::decide_point_of_sale;
    post "/quan-tri/diem-ban/{point}/hien-lai" => admin::decide_point_of_sale;
    post "/quan-tri/diem-ban/{point}/xoa" => admin::decide_point_of_sale;
    get "/hoi-cho" => events::list_events;
    get "/hoi-cho/{slug}" => events::show_event;
    get "/doanh-nghiep/hoi-cho" => business_events::list_events;
    get "/doanh-nghiep/hoi-cho/{event}" => business_events::show_event;
    post "/doanh-nghiep/hoi-cho/{event}" => business_events::request_listing;
    post "/doanh-nghiep/hoi-cho/{event}/rut/{participant}" => business_events::withdraw_request;
    get "/quan-tri/hoi-cho" => admin::list_events;
    get "/quan-tri/hoi-cho/moi" => admin::new_event;
    post "/quan-tri/hoi-cho/moi" => admin::create_event;
    get "/quan-tri/hoi-cho/{event}" => admin::edit_event;
    post "/quan-tri/hoi-cho/{event}" => admin::update_event;
    post "/quan-tri/hoi-cho/{event}/xuat-ban" => admin::change_event_publication;
    post "/quan-tri/hoi-cho/{event}/an" => admin::change_event_publication;
    post "/quan-tri/hoi-cho/{event}/tham-gia" => admin::add_event_participant;
    post "/quan-tri/hoi-cho/{event}/tham-gia/{participant}/chap-nhan" => admin::decide_event_participant;
    post "/quan-tri/hoi-cho/{event}/tham-gia/{participant}/tu-choi" => admin::decide_event_participant;
    get "/gioi-thieu" => info::show_about;
    get "/dieu-khoan" => info::show_terms;
    get "/quyen-rieng-tu" => info::show_privacy;
    get "/du-lieu" => bulk::show_open_data;
    get "/du-lieu/{file}" => bulk::download;
    get "/healthz" => health::healthz;
    get "/metrics" => metrics::show_metrics;
    get "/assets/{path:.*}" => assets::show_asset;
    get "/media/{name}" => assets::show_media;
}
