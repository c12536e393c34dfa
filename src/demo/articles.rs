//! Demo articles: general, factual consumer guidance in Vietnamese, published a few days to
//! a few weeks before the seed runs. No statistics are quoted: the facts are the law's name,
//! number and date, and what the programmes are.

use chrono::Duration;

use crate::db::DbConnection;
use crate::db::models::Topic;
use crate::db::models::article::{Article, ArticleFields, ArticleStatus};

struct DemoArticle {
    topic: Topic,
    days_ago: i64,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
}

const ARTICLES: &[DemoArticle] = &[
    DemoArticle {
        topic: Topic::ConsumerRights,
        days_ago: 3,
        title: "15/3 – Ngày Quyền của người tiêu dùng Việt Nam: những quyền bạn cần biết",
        summary: "Ngày 15/3 hằng năm là Ngày Quyền của người tiêu dùng Việt Nam. Luật Bảo vệ quyền lợi người tiêu dùng 2023 nêu rõ những quyền mà mỗi người mua hàng đều có.",
        body: "Ngày **15 tháng 3** hằng năm là Ngày Quyền của người tiêu dùng Việt Nam. Đây là dịp để người mua hàng tìm hiểu quyền của mình, và để doanh nghiệp nhìn lại cách đối xử với khách hàng.

## Luật mới, hiệu lực từ 1/7/2024

Luật Bảo vệ quyền lợi người tiêu dùng số **19/2023/QH15** được Quốc hội thông qua năm 2023 và có hiệu lực từ ngày **1/7/2024**, thay thế luật năm 2010. Luật mở rộng việc bảo vệ sang giao dịch trực tuyến, thông tin cá nhân và người tiêu dùng dễ bị tổn thương.

## Những quyền chính của người tiêu dùng

- Được bảo đảm an toàn tính mạng, sức khỏe, tài sản khi sử dụng hàng hóa, dịch vụ.
- Được cung cấp thông tin chính xác, đầy đủ về hàng hóa, dịch vụ, về người bán và về nội dung giao dịch.
- Được bảo vệ thông tin cá nhân.
- Được lựa chọn hàng hóa, dịch vụ theo nhu cầu của mình.
- Được góp ý, khiếu nại, tố cáo và khởi kiện khi quyền lợi bị xâm phạm.
- Được bồi thường thiệt hại khi hàng hóa, dịch vụ không đúng cam kết hoặc gây hại.
- Được tư vấn, hỗ trợ, hướng dẫn kiến thức về tiêu dùng.

## Bạn nên làm gì?

Giữ hóa đơn và chứng từ mua hàng, đọc kỹ nhãn và điều kiện bảo hành, và lên tiếng khi thấy hàng hóa không đúng như quảng cáo. Hiểu quyền của mình là bước đầu để mua sắm an toàn.",
    },
    DemoArticle {
        topic: Topic::Recognising,
        days_ago: 8,
        title: "Cách nhận biết sản phẩm OCOP thật qua tem và mã QR",
        summary: "Biểu trưng OCOP và số sao trên bao bì cho biết sản phẩm đã được đánh giá, phân hạng. Vài bước đơn giản giúp bạn kiểm tra trước khi mua.",
        body: "OCOP là Chương trình **Mỗi xã một sản phẩm**. Sản phẩm tham gia được đánh giá, phân hạng theo số sao; sản phẩm đạt từ **3 sao** trở lên được công nhận và được in biểu trưng OCOP kèm số sao trên bao bì.

## 1. Nhìn biểu trưng và số sao

Trên bao bì sản phẩm OCOP có biểu trưng (logo) OCOP và số sao đã được công nhận. Hãy để ý: số sao phải khớp với hạng sản phẩm thực sự đạt được, không phải lời tự giới thiệu của người bán.

## 2. Đối chiếu tên sản phẩm và chủ thể

Tên sản phẩm, tên cơ sở sản xuất và địa chỉ trên bao bì phải trùng với quyết định công nhận do cơ quan có thẩm quyền ban hành. Các quyết định này thường được công bố trên cổng thông tin của địa phương.

## 3. Quét mã QR một cách cẩn thận

Nhiều sản phẩm có mã QR truy xuất nguồn gốc. Khi quét, hãy xem trang mở ra thuộc đơn vị nào, có thông tin về nơi sản xuất, lô hàng hay không. Mã QR có thể bị sao chép, vì vậy đó chỉ là một dấu hiệu, không phải bằng chứng duy nhất.

## 4. Xem thời hạn chứng nhận

Chứng nhận OCOP có thời hạn **36 tháng**. Một sản phẩm từng đạt sao nhiều năm trước có thể đã hết hạn mà chưa được đánh giá lại.

Trên hangviet, bạn có thể tra cứu sản phẩm theo chương trình và năm công nhận tại trang [Giải thưởng](/giai-thuong).",
    },
    DemoArticle {
        topic: Topic::News,
        days_ago: 15,
        title: "Tháng khuyến mại Hà Nội: mua hàng Việt chất lượng",
        summary: "Tháng khuyến mại là dịp mua sắm tiết kiệm. Một vài lưu ý giúp bạn chọn được hàng Việt tốt và tránh những chiêu giảm giá ảo.",
        body: "Hằng năm, Hà Nội tổ chức **Tháng khuyến mại** để kích cầu tiêu dùng, với nhiều chương trình giảm giá tại trung tâm thương mại, siêu thị, cửa hàng và trên các sàn trực tuyến. Đây cũng là dịp để giới thiệu hàng Việt Nam chất lượng đến người tiêu dùng, hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.

## Mua sắm thông minh trong mùa khuyến mại

- **So sánh giá** trước và trong đợt khuyến mại để nhận ra giảm giá ảo.
- **Đọc kỹ điều kiện**: thời gian áp dụng, số lượng, hàng được đổi trả hay không.
- **Giữ hóa đơn**: hàng khuyến mại vẫn phải bảo đảm chất lượng và được bảo hành như hàng bán thường.
- **Chọn nơi bán rõ ràng**: ưu tiên cửa hàng có địa chỉ, có thông tin người bán.

## Ưu tiên hàng Việt đạt danh hiệu

Những sản phẩm đạt danh hiệu Hàng Việt Nam được người tiêu dùng yêu thích, OCOP, Hàng Việt Nam chất lượng cao hay Thương hiệu quốc gia đều đã qua đánh giá hoặc bình chọn. Bạn có thể [tra cứu sản phẩm](/san-pham) và xem nơi bán ngay trên hangviet.",
    },
    DemoArticle {
        topic: Topic::News,
        days_ago: 24,
        title: "Hàng Việt Nam được người tiêu dùng yêu thích là gì?",
        summary: "Danh hiệu do Hà Nội tổ chức bình chọn hằng năm trong Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”. Khác gì với OCOP, Hàng Việt Nam chất lượng cao và Thương hiệu quốc gia?",
        body: "**Hàng Việt Nam được người tiêu dùng yêu thích** là danh hiệu Thành phố Hà Nội bình chọn hằng năm, trong khuôn khổ Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”. Kết quả dựa trên ý kiến của người tiêu dùng về những sản phẩm họ tin dùng.

## Bốn danh hiệu người mua hay gặp trên bao bì

| Danh hiệu | Ai đánh giá | Điều cần biết |
|---|---|---|
| Hàng Việt Nam được người tiêu dùng yêu thích | Người tiêu dùng bình chọn, Hà Nội công bố | Công bố theo từng năm |
| OCOP | Hội đồng đánh giá, phân hạng sản phẩm | Từ 3 đến 5 sao, chứng nhận có thời hạn 36 tháng |
| Hàng Việt Nam chất lượng cao | Người tiêu dùng bình chọn | Công bố theo từng năm |
| Thương hiệu quốc gia | Chương trình Thương hiệu quốc gia Việt Nam | Xét chọn theo từng kỳ |

## Vì sao nên quan tâm?

Một danh hiệu không thay cho việc đọc nhãn và kiểm tra hạn dùng, nhưng cho bạn thêm thông tin để lựa chọn. Mỗi sản phẩm trên hangviet đều ghi rõ danh hiệu, năm đạt và nguồn công bố để bạn tự kiểm chứng.",
    },
    DemoArticle {
        topic: Topic::ConsumerRights,
        days_ago: 40,
        title: "Đổi trả hàng lỗi: quyền và cách làm",
        summary: "Mua phải hàng lỗi, bạn có quyền yêu cầu người bán sửa chữa, đổi hàng, trả lại tiền hoặc bồi thường. Chuẩn bị đúng giấy tờ giúp việc giải quyết nhanh hơn.",
        body: "Theo Luật Bảo vệ quyền lợi người tiêu dùng 2023 (số 19/2023/QH15), người bán phải chịu trách nhiệm về hàng hóa không đúng chất lượng, không đúng thông tin đã cung cấp hoặc gây thiệt hại cho người mua.

## Trước khi liên hệ người bán

1. **Giữ hóa đơn, phiếu bảo hành** và bao bì của sản phẩm.
2. **Chụp ảnh hoặc quay video** lỗi của sản phẩm, càng sớm càng tốt.
3. Ghi lại **thời gian mua, nơi mua** và người đã tư vấn cho bạn.

## Yêu cầu người bán giải quyết

Liên hệ trực tiếp, qua điện thoại hoặc bằng văn bản, nói rõ lỗi và điều bạn mong muốn: sửa chữa, đổi sản phẩm khác, trả lại tiền hay bồi thường. Nếu làm việc qua điện thoại, hãy ghi lại ngày giờ và tên người tiếp nhận.

## Nếu không được giải quyết

Luật cho phép giải quyết tranh chấp bằng **thương lượng, hòa giải, trọng tài hoặc tòa án**. Bạn cũng có thể đề nghị tổ chức xã hội tham gia bảo vệ quyền lợi người tiêu dùng hỗ trợ, hoặc phản ánh với cơ quan quản lý nhà nước về bảo vệ quyền lợi người tiêu dùng ở địa phương.

Mua hàng ở nơi bán có địa chỉ rõ ràng là cách đơn giản nhất để việc đổi trả về sau thuận lợi.",
    },
];

/// Inserts the demo articles as published; returns how many.
pub fn insert(conn: &mut DbConnection) -> diesel::QueryResult<usize> {
    let now = chrono::Utc::now().naive_utc();
    for a in ARTICLES {
        let fields = ArticleFields {
            title: a.title.to_owned(),
            summary: a.summary.to_owned(),
            topic: a.topic,
            body_markdown: a.body.to_owned(),
            publish_at: Some(now - Duration::days(a.days_ago)),
        };
        Article::insert(conn, &fields, ArticleStatus::Published, None)?;
    }
    Ok(ARTICLES.len())
}
