//! The route table: every URL of the site, in one place (DESIGN.md section 3). The same list
//! registers the routes and is exported as [`ROUTES`], so tests can walk every route (every
//! state-changing one must refuse a request without a CSRF token).

use actix_web::web;

use crate::handlers::business::{self, photos, products as business_products};
use crate::handlers::{
    account, admin, api, assets, awards, catalogue, health, producers, reports, search,
};

macro_rules! route_table {
    ($( $method:ident $path:literal => $handler:path; )*) => {
        /// `(method, path)` of every route.
        pub const ROUTES: &[(&str, &str)] = &[$( (stringify!($method), $path) ),*];

        pub fn configure(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, web::$method().to($handler)); )*
        }
    };
}

route_table! {
    get "/" => catalogue::home;
    get "/san-pham" => catalogue::list_products;
    get "/san-pham/{slug}" => catalogue::show_product;
    get "/san-pham/{slug}/bao-cao" => reports::show_report_form;
    post "/san-pham/{slug}/bao-cao" => reports::create_report;
    get "/danh-muc/{slug}" => catalogue::show_category;
    get "/nha-san-xuat" => producers::list_producers;
    get "/nha-san-xuat/{slug}" => producers::show_producer;
    get "/giai-thuong" => awards::award_index;
    get "/giai-thuong/{programme}/{year}" => awards::award_year;
    get "/tim-kiem" => search::search_page;
    get "/api/v1/search" => search::api_search;
    get "/api/v1/suggest" => search::api_suggest;
    get "/api/v1/products" => api::list_products;
    get "/api/v1/products/{slug}" => api::show_product;
    get "/api/v1/producers/{slug}" => api::show_producer;
    get "/dang-ky" => account::show_signup;
    post "/dang-ky" => account::create_account;
    get "/dang-nhap" => account::show_login;
    post "/dang-nhap" => account::log_in;
    post "/dang-xuat" => account::log_out;
    get "/tai-khoan/mat-khau" => account::show_password;
    post "/tai-khoan/mat-khau" => account::change_password;
    get "/doanh-nghiep" => business::dashboard;
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
    get "/quan-tri" => admin::show_queue;
    get "/quan-tri/tong-quan" => admin::show_dashboard;
    get "/quan-tri/san-pham/{id}" => admin::review_product;
    post "/quan-tri/san-pham/{id}/duyet" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/tu-choi" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/an" => admin::decide_product;
    post "/quan-tri/san-pham/{id}/hien-lai" => admin::decide_product;
    post "/quan-tri/nhan-quan-ly/{claim}/duyet" => admin::decide_claim_route;
    post "/quan-tri/nhan-quan-ly/{claim}/tu-choi" => admin::decide_claim_route;
    get "/quan-tri/bao-cao" => admin::list_reports;
    get "/quan-tri/bao-cao.csv" => admin::export_reports;
    post "/quan-tri/bao-cao/{report}/xu-ly" => admin::resolve_report;
    get "/quan-tri/nhat-ky" => admin::show_audit;
    get "/quan-tri/nguoi-dung" => admin::list_users;
    post "/quan-tri/nguoi-dung/{user}/vai-tro" => admin::set_role;
    post "/quan-tri/nguoi-dung/{user}/dinh-chi" => admin::change_suspension;
    post "/quan-tri/nguoi-dung/{user}/mo-lai" => admin::change_suspension;
    get "/healthz" => health::healthz;
    get "/assets/{path:.*}" => assets::show_asset;
    get "/media/{name}" => assets::show_media;
}
