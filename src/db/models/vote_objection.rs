//! Firms' objections to a vote's provisional results. The commands are in
//! `crate::actions::vote_objection`.

use crate::db::stored::text_enum;

text_enum! {
    /// Where an objection is.
    pub enum ObjectionStatus {
        Open = "open",
        Upheld = "upheld",
        Dismissed = "dismissed",
    }
}
