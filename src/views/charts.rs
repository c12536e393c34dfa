//! Bar charts drawn on the server as inline SVG: no script, readable without CSS, with a
//! title for screen readers.
//!
//! This module only measures: [`bar_chart`] turns data into a [`Chart`], plain numbers and
//! text, and the `bar_chart` macro of `templates/admin/charts.html` draws it, so tera escapes
//! every label as for any page. Colours and fonts come from the `.chart` rules of `site.css`
//! (no inline styles: the CSP forbids them).

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

/// A chart ready for the template: its size, its bars placed, and the data behind it (for
/// the table fallback).
#[derive(Debug, Serialize)]
pub struct Chart {
    pub title: String,
    pub width: i64,
    pub height: i64,
    /// The baseline of a column chart.
    pub axis: Option<Axis>,
    pub bars: Vec<Bar>,
    pub data: Vec<Datum>,
}

/// A horizontal line from `x1` to `x2` at height `y`.
#[derive(Debug, Serialize)]
pub struct Axis {
    pub x1: i64,
    pub x2: i64,
    pub y: i64,
}

/// A bar with its value and label, placed.
#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub value_x: i64,
    pub value_y: i64,
    /// `text-anchor` of the value: `middle` over a column, `start` after a row.
    pub value_anchor: &'static str,
    pub label_x: i64,
    pub label_y: i64,
    /// `text-anchor` of the label: `middle` under a column, `end` before a row.
    pub label_anchor: &'static str,
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
/// Height of a chart with no data: room for the "no data" note.
const EMPTY_HEIGHT: i64 = 60;

/// The chart of `data` titled `title`; an empty list draws a "no data" note.
pub fn bar_chart(title: &str, data: Vec<Datum>, orientation: Orientation) -> Chart {
    let (height, axis, bars) = match orientation {
        _ if data.is_empty() => (EMPTY_HEIGHT, None, Vec::new()),
        Orientation::Vertical => vertical(&data),
        Orientation::Horizontal => horizontal(&data),
    };
    Chart {
        title: title.to_owned(),
        width: WIDTH,
        height,
        axis,
        bars,
        data,
    }
}

/// Length of a bar of `value` when `max` fills `room` (zero and negative values draw none).
fn scaled(value: i64, max: i64, room: i64) -> i64 {
    if max <= 0 || value <= 0 {
        0
    } else {
        (value * room / max).max(1)
    }
}

fn max_value(data: &[Datum]) -> i64 {
    data.iter().map(|d| d.value).max().unwrap_or(0)
}

fn index(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn vertical(data: &[Datum]) -> (i64, Option<Axis>, Vec<Bar>) {
    let (top, plot, bottom) = (20, 200, 40);
    let max = max_value(data);
    let slot = (WIDTH - 20) / index(data.len()).max(1);
    let bar_width = (slot * 7 / 10).max(1);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = scaled(d.value, max, plot);
            let x = 10 + index(i) * slot + (slot - bar_width) / 2;
            let y = top + plot - h;
            let centre = x + bar_width / 2;
            Bar {
                label: d.label.clone(),
                value: d.value,
                x,
                y,
                width: bar_width,
                height: h,
                value_x: centre,
                value_y: y - 4,
                value_anchor: "middle",
                label_x: centre,
                label_y: top + plot + 18,
                label_anchor: "middle",
            }
        })
        .collect();
    let axis = Axis {
        x1: 10,
        x2: WIDTH - 10,
        y: top + plot,
    };
    (top + plot + bottom, Some(axis), bars)
}

fn horizontal(data: &[Datum]) -> (i64, Option<Axis>, Vec<Bar>) {
    let (label_room, value_room, row) = (220, 50, 26);
    let plot = WIDTH - label_room - value_room;
    let max = max_value(data);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = 5 + index(i) * row;
            let w = scaled(d.value, max, plot);
            Bar {
                label: d.label.clone(),
                value: d.value,
                x: label_room,
                y: y + 3,
                width: w,
                height: row - 8,
                value_x: label_room + w + 6,
                value_y: y + 17,
                value_anchor: "start",
                label_x: label_room - 8,
                label_y: y + 17,
                label_anchor: "end",
            }
        })
        .collect();
    (index(data.len()) * row + 10, None, bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_data_draws_no_bars() {
        for o in [Orientation::Vertical, Orientation::Horizontal] {
            let chart = bar_chart("Trống", Vec::new(), o);
            assert!(chart.bars.is_empty() && chart.axis.is_none());
            assert_eq!(chart.height, EMPTY_HEIGHT);
        }
    }

    #[test]
    fn zero_values_draw_empty_bars_without_dividing_by_zero() {
        let data = vec![Datum::new("2023", 0), Datum::new("2024", 0)];
        let columns = bar_chart("Không", data.clone(), Orientation::Vertical);
        assert!(columns.bars.iter().all(|b| (b.width, b.height) == (217, 0)));
        let rows = bar_chart("Không", data, Orientation::Horizontal);
        assert!(rows.bars.iter().all(|b| b.width == 0));
        let mixed = bar_chart(
            "Có",
            vec![Datum::new("a", 0), Datum::new("b", 10)],
            Orientation::Horizontal,
        );
        let widths: Vec<i64> = mixed.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, vec![0, 370]);
    }

    #[test]
    fn the_table_fallback_keeps_the_raw_data() {
        let data = vec![Datum::new("<b>", 3), Datum::new("a & b", 1)];
        let chart = bar_chart("Số", data.clone(), Orientation::Horizontal);
        assert_eq!(chart.data, data);
        assert_eq!(
            chart.bars[0].label, "<b>",
            "the template escapes, not this module"
        );
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
