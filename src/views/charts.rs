//! Bar charts drawn on the server as inline SVG: no script, readable without CSS, with a
//! title for screen readers.
//!
//! Labels come from the database, so every piece of text is escaped by [`escape`] as the SVG
//! is built; the finished string is the only HTML a template may print with `| safe`. Colours
//! and fonts come from the `.chart` rules of `site.css` (no inline styles: the CSP forbids
//! them).

use std::fmt::Write;

use serde::Serialize;

/// One bar: what it counts and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Datum {
    pub label: String,
    pub value: i64,
}

impl Datum {
    /// A bar labelled `label` of height `value`.
    pub fn new(label: impl Into<String>, value: i64) -> Datum {
        Datum {
            label: label.into(),
            value,
        }
    }
}

/// A chart ready for a template: the SVG and the data behind it (for the table fallback).
#[derive(Debug, Serialize)]
pub struct Chart {
    pub title: String,
    /// Built only from escaped parts: safe to print unescaped.
    pub svg: String,
    pub data: Vec<Datum>,
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first `n` data by value (largest first), the rest summed under `rest_label`.
pub fn top_with_rest(mut data: Vec<Datum>, n: usize, rest_label: &str) -> Vec<Datum> {
    data.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    if data.len() <= n {
        return data;
    }
    let rest: i64 = data[n..].iter().map(|d| d.value.max(0)).sum();
    data.truncate(n);
    data.push(Datum::new(rest_label, rest));
    data
}

/// Which way the bars grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Columns along a horizontal axis (years).
    Vertical,
    /// Rows with the label on the left (names).
    Horizontal,
}

const WIDTH: i64 = 640;

/// The chart of `data` titled `title`; an empty list draws a "no data" note.
pub fn bar_chart(title: &str, data: Vec<Datum>, orientation: Orientation) -> Chart {
    let svg = match orientation {
        Orientation::Vertical => vertical(title, &data),
        Orientation::Horizontal => horizontal(title, &data),
    };
    Chart {
        title: title.to_owned(),
        svg,
        data,
    }
}

fn open_svg(out: &mut String, title: &str, height: i64) {
    let title = escape(title);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-label=\"{title}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\"><title>{title}</title>"
    );
}

fn empty(title: &str) -> String {
    let mut out = String::new();
    open_svg(&mut out, title, 60);
    out.push_str("<text class=\"chart__empty\" x=\"10\" y=\"35\">Chưa có dữ liệu</text></svg>");
    out
}

/// Length of a bar of `value` when `max` fills `room` (zero and negative values draw none).
fn scaled(value: i64, max: i64, room: i64) -> i64 {
    if max <= 0 || value <= 0 {
        0
    } else {
        (value * room / max).max(1)
    }
}

fn bar(out: &mut String, x: i64, y: i64, w: i64, h: i64, d: &Datum) {
    let _ = write!(
        out,
        "<rect class=\"chart__bar\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\">\
         <title>{}: {}</title></rect>",
        escape(&d.label),
        d.value
    );
}

fn vertical(title: &str, data: &[Datum]) -> String {
    if data.is_empty() {
        return empty(title);
    }
    let (top, plot, bottom) = (20, 200, 40);
    let height = top + plot + bottom;
    let max = data.iter().map(|d| d.value).max().unwrap_or(0);
    let n = i64::try_from(data.len()).unwrap_or(i64::MAX);
    let slot = (WIDTH - 20) / n.max(1);
    let bar_width = (slot * 7 / 10).max(1);
    let mut out = String::new();
    open_svg(&mut out, title, height);
    let _ = write!(
        out,
        "<line class=\"chart__axis\" x1=\"10\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\"/>",
        top + plot,
        WIDTH - 10
    );
    for (i, d) in data.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        let h = scaled(d.value, max, plot);
        let x = 10 + i * slot + (slot - bar_width) / 2;
        let y = top + plot - h;
        bar(&mut out, x, y, bar_width, h, d);
        let centre = x + bar_width / 2;
        let _ = write!(
            out,
            "<text class=\"chart__value\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text class=\"chart__label\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            y - 4,
            d.value,
            top + plot + 18,
            escape(&d.label)
        );
    }
    out.push_str("</svg>");
    out
}

fn horizontal(title: &str, data: &[Datum]) -> String {
    if data.is_empty() {
        return empty(title);
    }
    let (label_room, value_room, row) = (220, 50, 26);
    let plot = WIDTH - label_room - value_room;
    let height = i64::try_from(data.len()).unwrap_or(0) * row + 10;
    let max = data.iter().map(|d| d.value).max().unwrap_or(0);
    let mut out = String::new();
    open_svg(&mut out, title, height);
    for (i, d) in data.iter().enumerate() {
        let y = 5 + i64::try_from(i).unwrap_or(0) * row;
        let w = scaled(d.value, max, plot);
        let _ = write!(
            out,
            "<text class=\"chart__label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_room - 8,
            y + 17,
            escape(&d.label)
        );
        bar(&mut out, label_room, y + 3, w, row - 8, d);
        let _ = write!(
            out,
            "<text class=\"chart__value\" x=\"{}\" y=\"{}\">{}</text>",
            label_room + w + 6,
            y + 17,
            d.value
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_titles_are_escaped() {
        let data = vec![
            Datum::new("<script>alert(\"x\")</script>", 3),
            Datum::new("Bánh & kẹo 'ngon'", 1),
        ];
        for o in [Orientation::Vertical, Orientation::Horizontal] {
            let chart = bar_chart("Số <b>sản phẩm</b>", data.clone(), o);
            assert!(!chart.svg.contains("<script"), "{}", chart.svg);
            assert!(!chart.svg.contains("<b>"));
            assert!(
                chart
                    .svg
                    .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
            );
            assert!(chart.svg.contains("Bánh &amp; kẹo &#39;ngon&#39;"));
            assert!(chart.svg.contains("role=\"img\""));
            assert!(
                chart
                    .svg
                    .contains("aria-label=\"Số &lt;b&gt;sản phẩm&lt;/b&gt;\"")
            );
            assert!(
                chart
                    .svg
                    .contains("<title>Số &lt;b&gt;sản phẩm&lt;/b&gt;</title>")
            );
            assert_eq!(chart.svg.matches("<rect").count(), 2);
            assert_eq!(chart.data, data, "the table fallback keeps the raw data");
        }
    }

    #[test]
    fn empty_data_draws_a_note() {
        for o in [Orientation::Vertical, Orientation::Horizontal] {
            let chart = bar_chart("Trống", Vec::new(), o);
            assert!(chart.svg.starts_with("<svg") && chart.svg.ends_with("</svg>"));
            assert!(chart.svg.contains("Chưa có dữ liệu"));
            assert!(!chart.svg.contains("<rect"));
        }
    }

    #[test]
    fn zero_values_draw_empty_bars_without_dividing_by_zero() {
        let data = vec![Datum::new("2023", 0), Datum::new("2024", 0)];
        for o in [Orientation::Vertical, Orientation::Horizontal] {
            let chart = bar_chart("Không", data.clone(), o);
            assert_eq!(chart.svg.matches("<rect").count(), 2);
            let zero = if o == Orientation::Vertical {
                "width=\"217\" height=\"0\""
            } else {
                "width=\"0\""
            };
            assert_eq!(chart.svg.matches(zero).count(), 2, "{}", chart.svg);
        }
        let mixed = bar_chart(
            "Có",
            vec![Datum::new("a", 0), Datum::new("b", 10)],
            Orientation::Horizontal,
        );
        assert!(mixed.svg.contains("width=\"0\"") && mixed.svg.contains("width=\"370\""));
    }

    #[test]
    fn the_tail_is_summed_under_one_label() {
        let data = (1..=5).map(|n| Datum::new(format!("p{n}"), n)).collect();
        let top = top_with_rest(data, 2, "Khác");
        assert_eq!(
            top,
            vec![
                Datum::new("p5", 5),
                Datum::new("p4", 4),
                Datum::new("Khác", 6)
            ]
        );
        let short = top_with_rest(vec![Datum::new("a", 1)], 3, "Khác");
        assert_eq!(short, vec![Datum::new("a", 1)]);
    }
}
