//! The concept lexicon: groups of words in several languages that, in a café note, point to one concept
//! ("Lärm", "Krach", "noise", "bruit", "*buller" → *noise*). A note gets a concept feature for every concept one
//! of its words belongs to, so two notes that say the same thing in other words — or in other languages — still
//! meet. It is what word statistics alone cannot know.
//!
//! The lexicon is data, compiled in from `lexicon/*.txt` (see the README there for the format and how it was
//! written). Each entry is one word of one language; a note's word matches it when
//!
//! - the two are the same after lower case and folding (`é` → `e`), the entry being of the note's language, of a
//!   close neighbour or English — not a false friend from another language (see `may_borrow`), or
//! - they have the same Snowball stem in the note's language, the entry being of that language and the word as
//!   long as the entry or at most [`MAX_INFLECTION`] letters longer (an inflection, not a derivation), or
//! - the entry is a prefix (`spielplatz*`) or a suffix (`*lärm`) of the word, for compounds (languages as for
//!   whole words).
//!
//! Matching is a few hash look-ups per word: the lexicon is indexed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use thiserror::Error;

use super::language::Language;
use super::text::{self, Term};

/// The lexicon files, in the order their concepts are numbered.
const FILES: &[(&str, &str)] = &[
    ("work.txt", include_str!("lexicon/work.txt")),
    ("civic.txt", include_str!("lexicon/civic.txt")),
];

/// A concept's index in [`Lexicon::concepts`].
pub type ConceptId = u32;

/// The shortest prefix or suffix entry: shorter ones match too many unrelated words.
const MIN_AFFIX: usize = 4;

/// The most characters an inflection adds to a word ("library" → "libraries", "Kind" → "Kindern").
const MAX_INFLECTION: usize = 3;

/// Whether a note's word of `word` characters, having the stem of an entry of `entry` characters, may be a form
/// of it. Snowball strips derivational endings too, so "public" has the stem of "publication", "time" of "timing"
/// and "hospital" of "hospitality": a word shorter than the entry, or longer by more than an inflection, is
/// another word.
fn inflects(word: usize, entry: usize) -> bool {
    word >= entry && word - entry <= MAX_INFLECTION
}

/// What is wrong with a lexicon file, and where.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LexiconError {
    #[error("{file}, line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
}

/// The concepts and the index from words to them.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Concept names (`work.opening_hours`), in file order.
    pub concepts: Vec<String>,
    /// Folded whole words → (concept, the entry's language).
    words: HashMap<String, Vec<(ConceptId, Language)>>,
    /// (language, folded stem) → (concept, the entry's length in characters).
    stems: HashMap<(Language, String), Vec<(ConceptId, usize)>>,
    /// The first [`MIN_AFFIX`] characters of a prefix entry → (the whole prefix, its concept, its language).
    prefixes: HashMap<String, Vec<(String, ConceptId, Language)>>,
    /// The last [`MIN_AFFIX`] characters of a suffix entry → (the whole suffix, its concept, its language).
    suffixes: HashMap<String, Vec<(String, ConceptId, Language)>>,
}

/// The language of a line's code; `nb` (Bokmål) is Norwegian.
fn language_of(code: &str) -> Option<Language> {
    match code {
        "nb" => Some(Language::Norwegian),
        _ => Language::from_code(code),
    }
}

/// English entries that are other words in another language (as folded), so a note in that language does not
/// borrow them: German "Brand" (a fire), "Gift" (poison), "Gang" (a corridor); Swedish "gång", Danish and
/// Norwegian "gang" (a time, a walk); Swedish, Danish and Norwegian "gift" (married); Dutch, Swedish and Danish
/// "brand" (a fire); Swedish "semester" (a holiday); Italian "camera" (a room).
const FALSE_FRIENDS: &[(Language, &str)] = &[
    (Language::German, "brand"),
    (Language::German, "gift"),
    (Language::German, "gang"),
    (Language::Swedish, "gang"),
    (Language::Danish, "gang"),
    (Language::Norwegian, "gang"),
    (Language::Swedish, "gift"),
    (Language::Danish, "gift"),
    (Language::Norwegian, "gift"),
    (Language::Dutch, "brand"),
    (Language::Swedish, "brand"),
    (Language::Danish, "brand"),
    (Language::Swedish, "semester"),
    (Language::Italian, "camera"),
];

/// Whether a note in `note` may use a word of `entry`'s language as written: a word of its own language, an
/// English one (notes everywhere borrow English words: "deadline", "open access"), one of a close neighbour
/// (Danish, Norwegian and Swedish notes are hard to tell apart), or any when the note's language is unknown — but
/// not a word of another language that is only spelled alike, a false friend: Norwegian "time" (an hour) in an
/// English note, Italian "data" (a date), Swedish "larm" (an alarm) for German "Lärm".
fn may_borrow(note: Option<Language>, entry: Language) -> bool {
    use Language::{Danish, English, Norwegian, Swedish};
    let Some(note) = note else { return true };
    let nordic = |l: Language| matches!(l, Danish | Norwegian | Swedish);
    note == entry || entry == English || (nordic(note) && nordic(entry))
}

fn push<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl Lexicon {
    /// Reads lexicon files (name, text): `[concept]` headings, then `code: word, word*, *word` lines; `#` starts
    /// a comment line. Concept names must be unique across the files.
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        let mut names: HashMap<String, (String, usize)> = HashMap::new();
        for (file, text) in files {
            let mut current: Option<ConceptId> = None;
            for (i, raw) in text.lines().enumerate() {
                let error = |message: String| LexiconError::Line {
                    file: (*file).to_owned(),
                    line: i + 1,
                    message,
                };
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(name) = line.strip_prefix('[') {
                    let name = name
                        .strip_suffix(']')
                        .ok_or_else(|| error(format!("a heading must end with ']': {line:?}")))?
                        .trim();
                    if name.is_empty() || name.contains(char::is_whitespace) {
                        return Err(error(format!("not a concept name: {line:?}")));
                    }
                    if let Some((other, at)) = names.get(name) {
                        return Err(error(format!(
                            "concept {name} is already defined in {other}, line {at}"
                        )));
                    }
                    names.insert(name.to_owned(), ((*file).to_owned(), i + 1));
                    lexicon.concepts.push(name.to_owned());
                    current = Some((lexicon.concepts.len() - 1) as ConceptId);
                    continue;
                }
                let (code, entries) = line
                    .split_once(':')
                    .ok_or_else(|| error(format!("expected 'code: words': {line:?}")))?;
                let language = language_of(code.trim())
                    .ok_or_else(|| error(format!("unknown language code {:?}", code.trim())))?;
                let concept = current
                    .ok_or_else(|| error("words before the first [concept] heading".to_owned()))?;
                for entry in entries.split(',') {
                    let entry = entry.trim().to_lowercase();
                    if entry.is_empty() {
                        continue;
                    }
                    lexicon
                        .add(&entry, language, concept)
                        .map_err(|message| error(format!("{entry:?}: {message}")))?;
                }
            }
        }
        Ok(lexicon)
    }

    fn add(&mut self, entry: &str, language: Language, concept: ConceptId) -> Result<(), String> {
        let affix = |part: &str| -> Result<String, String> {
            let folded = text::fold(part);
            if folded.chars().count() < MIN_AFFIX || folded.contains('*') {
                return Err(format!(
                    "a prefix or suffix needs at least {MIN_AFFIX} letters and one '*'"
                ));
            }
            Ok(folded)
        };
        if let Some(prefix) = entry.strip_suffix('*') {
            let prefix = affix(prefix)?;
            let key: String = prefix.chars().take(MIN_AFFIX).collect();
            push(
                self.prefixes.entry(key).or_default(),
                (prefix, concept, language),
            );
        } else if let Some(suffix) = entry.strip_prefix('*') {
            let suffix = affix(suffix)?;
            let chars: Vec<char> = suffix.chars().collect();
            let key: String = chars[chars.len() - MIN_AFFIX..].iter().collect();
            push(
                self.suffixes.entry(key).or_default(),
                (suffix, concept, language),
            );
        } else {
            if entry.contains(char::is_whitespace) || entry.contains('*') {
                return Err("an entry is one word".to_owned());
            }
            push(
                self.words.entry(text::fold(entry)).or_default(),
                (concept, language),
            );
            push(
                self.stems
                    .entry((language, text::stem(entry, Some(language))))
                    .or_default(),
                (concept, entry.chars().count()),
            );
        }
        Ok(())
    }

    /// The concepts a word of a note in `language` belongs to, in ascending order. `word` is lower case;
    /// `stem` its folded stem in `language` (as [`Term::stem`]).
    pub fn concepts_of(
        &self,
        word: &str,
        stem: &str,
        language: Option<Language>,
    ) -> Vec<ConceptId> {
        let folded = text::fold(word);
        let mut out: Vec<ConceptId> = Vec::new();
        if let Some(list) = self.words.get(&folded) {
            let false_friend =
                language.is_some_and(|l| FALSE_FRIENDS.contains(&(l, folded.as_str())));
            out.extend(
                list.iter()
                    .filter(|(_, l)| may_borrow(language, *l))
                    .filter(|(_, l)| !(false_friend && *l == Language::English))
                    .map(|(c, _)| *c),
            );
        }
        let chars: Vec<char> = folded.chars().collect();
        if let Some(l) = language
            && let Some(list) = self.stems.get(&(l, stem.to_owned()))
        {
            out.extend(
                list.iter()
                    .filter(|&&(_, len)| inflects(chars.len(), len))
                    .map(|&(c, _)| c),
            );
        }
        if chars.len() >= MIN_AFFIX {
            let head: String = chars[..MIN_AFFIX].iter().collect();
            for (prefix, c, l) in self.prefixes.get(&head).into_iter().flatten() {
                if folded.starts_with(prefix.as_str()) && may_borrow(language, *l) {
                    out.push(*c);
                }
            }
            let tail: String = chars[chars.len() - MIN_AFFIX..].iter().collect();
            for (suffix, c, l) in self.suffixes.get(&tail).into_iter().flatten() {
                if folded.ends_with(suffix.as_str()) && may_borrow(language, *l) {
                    out.push(*c);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The concepts of a note's terms, each with the number of its words that point to it, in the order first
    /// seen.
    pub fn note_concepts(
        &self,
        terms: &[Term],
        language: Option<Language>,
    ) -> Vec<(ConceptId, u32)> {
        let mut out: Vec<(ConceptId, u32)> = Vec::new();
        for t in terms {
            for c in self.concepts_of(&t.word.to_lowercase(), &t.stem, language) {
                match out.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, n)) => *n += 1,
                    None => out.push((c, 1)),
                }
            }
        }
        out
    }

    /// The number of entries (words, prefixes and suffixes), for the documentation's figures.
    pub fn entries(&self) -> usize {
        self.words.len()
            + self.prefixes.values().map(Vec::len).sum::<usize>()
            + self.suffixes.values().map(Vec::len).sum::<usize>()
    }
}

/// The compiled-in lexicon. Its files are checked by a test, so this parse cannot fail in a build that passed
/// them; if it ever did, detection goes on without concepts rather than failing.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(FILES).unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a comment\n[noise]\nen: noise, noisy, loud\nde: lärm, krach, *lärm\nsv: *buller\n\n\
                          [play]\nde: spielplatz*\nen: playground\n\
                          [reward]\nen: gift, bonus\n\
                          [journals]\nen: publication\n[hours]\nen: timing\n[children]\nde: kind\n";

    fn check(word: &str, language: Language, expected: &[&str]) {
        let lexicon = Lexicon::parse(&[("sample.txt", SAMPLE)]).unwrap();
        let lower = word.to_lowercase();
        let stem = text::stem(&lower, Some(language));
        let got: Vec<&str> = lexicon
            .concepts_of(&lower, &stem, Some(language))
            .into_iter()
            .map(|c| lexicon.concepts[c as usize].as_str())
            .collect();
        assert_eq!(got, expected, "{word} ({language:?})");
    }

    #[test]
    fn words_meet_their_concepts() {
        check("noise", Language::English, &["noise"]);
        check("Noises", Language::English, &["noise"]);
        check("Lärm", Language::German, &["noise"]);
        check("larm", Language::German, &["noise"]);
        check("Baustellenlärm", Language::German, &["noise"]);
        check("trafikbuller", Language::Swedish, &["noise"]);
        check("Spielplätze", Language::German, &["play"]);
        check("Spielplatzes", Language::German, &["play"]);
        check("playgrounds", Language::English, &["play"]);
        // An English word matches in a note of any language; not another language's stem, nor a false friend.
        check("noise", Language::French, &["noise"]);
        check("larmar", Language::Swedish, &[]);
        check("lärm", Language::Swedish, &[]);
        check("brandlarm", Language::Swedish, &[]);
        check("buller", Language::Danish, &["noise"]);
        // An English word that is another word in the note's language is not borrowed (German "Gift": poison).
        check("gift", Language::English, &["reward"]);
        check("Gift", Language::German, &[]);
        check("Bonus", Language::German, &["reward"]);
        check("quiet", Language::English, &[]);
        // The same stem is not enough when the word is shorter than the entry or longer by more than an
        // inflection: Snowball gives "public" the stem of "publication", "time" that of "timing".
        check("publications", Language::English, &["journals"]);
        check("public", Language::English, &[]);
        check("timings", Language::English, &["hours"]);
        check("time", Language::English, &[]);
        check("Kindern", Language::German, &["children"]);
        check("Kinder", Language::German, &["children"]);
    }

    fn check_error(text: &str, expected: &str) {
        let got = Lexicon::parse(&[("bad.txt", text)])
            .unwrap_err()
            .to_string();
        assert_eq!(got, expected);
    }

    #[test]
    fn bad_lexicon_lines_say_where() {
        check_error(
            "en: noise",
            "bad.txt, line 1: words before the first [concept] heading",
        );
        check_error(
            "[a]\nxx: noise",
            "bad.txt, line 2: unknown language code \"xx\"",
        );
        check_error(
            "[a]\nen noise",
            "bad.txt, line 2: expected 'code: words': \"en noise\"",
        );
        check_error(
            "[a]\nen: *ab",
            "bad.txt, line 2: \"*ab\": a prefix or suffix needs at least 4 letters and one '*'",
        );
        check_error(
            "[a]\nen: bus stop",
            "bad.txt, line 2: \"bus stop\": an entry is one word",
        );
        check_error(
            "[a]\n\n[a]",
            "bad.txt, line 3: concept a is already defined in bad.txt, line 1",
        );
        check_error("[a", "bad.txt, line 1: a heading must end with ']': \"[a\"");
    }

    #[test]
    fn the_compiled_in_lexicon_parses() {
        let lexicon = Lexicon::parse(FILES).unwrap();
        assert!(lexicon.concepts.len() >= 100, "{}", lexicon.concepts.len());
        assert_eq!(LEXICON.concepts.len(), lexicon.concepts.len());
    }
}
