//! Enums stored as `TEXT`: [`text_enum!`] declares one with its stored value per variant,
//! `as_str`, `parse`, `ALL`, `Display`, serde (as the stored value) and diesel's `FromSql` /
//! `ToSql` for every backend (SQLite, PostgreSQL and the [`crate::db::DbConnection`] of
//! either), so a model struct holds the enum and a query binds it directly:
//! `products::status.eq(ProductStatus::Published)`.
//!
//! The columns stay `TEXT` (with `CHECK` constraints where the migrations have them); reading a
//! value no variant stores is an error, so a variant is never removed while rows may hold it.

/// Declares an enum stored as `TEXT`; see the [module](self).
///
/// ```ignore
/// text_enum! {
///     /// Where a report is.
///     pub enum ReportStatus {
///         Open = "open",
///         Resolved = "resolved",
///     }
/// }
/// ```
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The stored value (also the form and URL value where there is one).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value `text` stores, if any.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text =
                    <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(
                        bytes,
                    )?;
                $name::parse(&text)
                    .ok_or_else(|| format!("not a stored {}: {text:?}", stringify!($name)).into())
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    text_enum! {
        /// A test enum.
        enum Colour {
            Red = "red",
            DeepBlue = "deep-blue",
        }
    }

    #[test]
    fn stores_and_reads_the_text_on_sqlite() {
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("sqlite");
        let read: Colour = diesel::select(Colour::DeepBlue.into_sql::<Text>())
            .get_result(&mut conn)
            .expect("round trip");
        assert_eq!(read, Colour::DeepBlue);
        let text: String = diesel::select(Colour::Red.into_sql::<Text>())
            .get_result(&mut conn)
            .expect("as text");
        assert_eq!(text, "red");
        let unknown = diesel::select("green".into_sql::<Text>()).get_result::<Colour>(&mut conn);
        assert!(unknown.is_err(), "{unknown:?}");
        assert_eq!(Colour::parse("deep-blue"), Some(Colour::DeepBlue));
        assert_eq!(Colour::ALL.len(), 2);
        assert_eq!(
            serde_json::to_string(&Colour::DeepBlue).expect("json"),
            "\"deep-blue\""
        );
    }
}
