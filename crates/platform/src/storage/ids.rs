//! Typed ids: a newtype per kind of row, so a function that takes a revision and a
//! reviewer cannot be handed the two swapped. Each is an `i64` in the database (both
//! backends), in JSON and in URLs.

/// Declares id types: `ids!(UserId: "a person", ArticleId: "an article")`. Each binds
/// and decodes as an `i64` through sqlx's `Any` driver, (de)serializes as a number,
/// and shows as its number.
#[macro_export]
macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[derive(serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct $name(i64);

            impl $name {
                /// The id of a row read back from the database (or a trusted number).
                pub const fn new(id: i64) -> $name {
                    $name(id)
                }

                /// The number, for a query or a URL.
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            impl ::std::fmt::Display for $name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.0, f)
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = ::std::num::ParseIntError;

                fn from_str(text: &str) -> Result<$name, Self::Err> {
                    text.parse().map($name)
                }
            }

            impl sqlx::Type<sqlx::Any> for $name {
                fn type_info() -> sqlx::any::AnyTypeInfo {
                    <i64 as sqlx::Type<sqlx::Any>>::type_info()
                }

                fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                    <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
                }
            }

            impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
                fn encode_by_ref(
                    &self,
                    buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&self.0, buf)
                }
            }

            impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
                fn decode(
                    value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
                ) -> Result<$name, sqlx::error::BoxDynError> {
                    <i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value).map($name)
                }
            }
        )+
    };
}

crate::ids!(
    /// A person's account.
    UserId,
    /// An entry of the event log.
    EventId,
    /// A background job.
    JobId,
    /// A personal API token.
    ApiTokenId,
    /// A link between two subjects ([`crate::links`]).
    LinkId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_show_as_numbers() {
        let id: UserId = "42".parse().unwrap_or(UserId::new(0));
        assert_eq!(id, UserId::new(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(id.get(), 42);
        assert!("x".parse::<UserId>().is_err());
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("42"));
    }
}
