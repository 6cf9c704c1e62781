//! The languages the catalogues speak, and how a caller names one.

use std::fmt;
use std::str::FromStr;

/// A language of the catalogues. Chinese is the default: hall staff, supervisors and applicants
/// read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag an evaluation carries (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language of a BCP 47 tag, by its primary subtag: `zh`, `zh-CN`, `zh-Hans-CN` are
    /// Chinese; `en`, `en-GB` English. `None` for a language there is no catalogue for.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A language was asked for that there is no catalogue for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("没有语言“{0}”的消息目录：可用 zh（中文，默认）或 en (no catalogue for language `{0}`: use zh or en)")]
pub struct LangError(pub String);

impl FromStr for Lang {
    type Err = LangError;

    fn from_str(tag: &str) -> Result<Lang, LangError> {
        Lang::from_tag(tag).ok_or_else(|| LangError(tag.to_string()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_languages_by_their_primary_subtag() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(
            "fr".parse::<Lang>().unwrap_err().to_string(),
            "没有语言“fr”的消息目录：可用 zh（中文，默认）或 en (no catalogue for language `fr`: use zh or en)"
        );
        assert_eq!(Lang::default().tag(), "zh-CN");
    }
}
