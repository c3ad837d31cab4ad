//! The concept lexicon: groups of words in several languages that, in a café note, point to one concept
//! ("Lärm", "Krach", "noise", "bruit", "*buller" → *noise*). A note gets a concept feature for every concept one
//! of its words belongs to, so two notes that say the same thing in other words — or in other languages — still
//! meet. It is what word statistics alone cannot know.
//!
//! The lexicon is data, compiled in from `lexicon/*.txt` (see the README there for the format and how it was
//! written). Each entry is one word of one language; a note's word matches it when
//!
//! - the two are the same after lower case and folding (`é` → `e`), the entry being of the note's language, of a
//!   close neighbour or English — not a false friend from another language (see `may_borrow`; English words that
//!   are other words in the note's language are listed in `lexicon/false_friends.txt`), or
//! - they have the same Snowball stem in the note's language, the entry being of that language, and their lengths
//!   are close enough for the word to be an inflected form of the entry rather than a derived word (`inflection`:
//!   "libraries" is a form of "library", "public" is not one of "publication"), or
//! - the entry is a prefix (`spielplatz*`) or a suffix (`*lärm`) of the word, for compounds (languages as for
//!   whole words).
//!
//! Matching is a few hash look-ups per word: the lexicon is indexed once, on first use.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use thiserror::Error;

use super::language::Language;
use super::text::{self, Term};

/// The lexicon files, in the order their concepts are numbered.
const FILES: &[(&str, &str)] = &[
    ("work.txt", include_str!("lexicon/work.txt")),
    ("civic.txt", include_str!("lexicon/civic.txt")),
    (
        "false_friends.txt",
        include_str!("lexicon/false_friends.txt"),
    ),
];

/// A concept's index in [`Lexicon::concepts`].
pub type ConceptId = u32;

/// The hyphens that join the parts of a compound ("e-bike", "E‑Bike"): hyphen-minus, hyphen, non-breaking
/// hyphen, small and full-width hyphen-minus.
const HYPHENS: [char; 5] = ['-', '\u{2010}', '\u{2011}', '\u{fe63}', '\u{ff0d}'];

/// The shortest prefix or suffix entry: shorter ones match too many unrelated words.
const MIN_AFFIX: usize = 4;

/// How far a word's length may be from an entry's, fewer and more characters, and still be a form of it when the
/// two share a Snowball stem: a few letters more for an ending ("library" → "libraries", "Kind" → "Kindern"), more
/// for the Nordic definite plurals and the Finnish cases ("kväll" → "kvällarna", "kirjasto" → "kirjastoissa"), and
/// one fewer for the Russian genitive plural ("школа" → "школ"). Snowball strips derivational endings too, so a
/// shorter or much longer word is another word: "public" has the stem of "publication", "time" of "timing",
/// "nationality" of "nation".
fn inflection(language: Language) -> (usize, usize) {
    use Language::{Danish, Finnish, Norwegian, Russian, Swedish};
    match language {
        Danish | Norwegian | Swedish => (0, 5),
        Finnish => (0, 6),
        Russian => (1, 3),
        _ => (0, 3),
    }
}

/// Whether a note's word of `word` characters in `language`, having the stem of an entry of `entry` characters
/// (both folded), may be a form of it (see [`inflection`]).
fn inflects(word: usize, entry: usize, language: Language) -> bool {
    let (fewer, more) = inflection(language);
    word + fewer >= entry && word <= entry + more
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
    /// (language, folded word): English entries that are another word in that language, so its notes do not
    /// borrow them (the `[false_friends]` section).
    false_friends: HashSet<(Language, String)>,
}

/// The heading of the section that lists false friends rather than a concept's words.
const FALSE_FRIENDS_HEADING: &str = "false_friends";

/// The language of a line's code; `nb` (Bokmål) is Norwegian.
fn language_of(code: &str) -> Option<Language> {
    match code {
        "nb" => Some(Language::Norwegian),
        _ => Language::from_code(code),
    }
}

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
    /// a comment line. Concept names must be unique across the files. `false_friends` is not a concept name but a
    /// reserved heading (in any file, any number of times): under it, a line `code: word, word` names English
    /// whole-word entries that notes in that language do not borrow.
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        let mut names: HashMap<String, (String, usize)> = HashMap::new();
        for (file, text) in files {
            let mut current: Option<ConceptId> = None;
            let mut false_friends = false;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                    false_friends = name == FALSE_FRIENDS_HEADING;
                    if false_friends {
                        current = None;
                        continue;
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
                if false_friends {
                    if language == Language::English {
                        return Err(error(
                            "false friends are words of another language than English".to_owned(),
                        ));
                    }
                    for word in entries.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                        if word.contains(char::is_whitespace) || word.contains('*') {
                            return Err(error(format!("{word:?}: a false friend is one word")));
                        }
                        lexicon
                            .false_friends
                            .insert((language, text::fold(&word.to_lowercase())));
                    }
                    continue;
                }
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
        // A hyphenated entry ("e-bike", "30-zone", "eu-rahoitu*") is kept joined: a note's hyphenated word is
        // looked up joined too (see `note_concepts`), and one written without the hyphen ("ebike") matches as well.
        let joined = entry.replace(HYPHENS, "");
        let entry = joined.as_str();
        if entry.contains(char::is_whitespace) {
            return Err("an entry is one word".to_owned());
        }
        // An entry a note's text would split into other words ("alzheimer's" → "alzheimer") could never match.
        let word = entry.trim_start_matches('*').trim_end_matches('*');
        let tokens = text::tokens(word);
        if tokens != [word] {
            return Err(format!(
                "never meets a note's word: a note's text splits it into {tokens:?}"
            ));
        }
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
                (concept, text::fold(entry).chars().count()),
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
                language.is_some_and(|l| self.false_friends.contains(&(l, folded.clone())));
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
                    .filter(|&&(_, len)| inflects(chars.len(), len, l))
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

    /// The concepts of a note, each with the number of its words that point to it, in the order first seen:
    /// those of its terms, then those its hyphenated words ("e-bikes", "30-Zone") have as a whole and their
    /// parts ("bikes", "zone") have not — both count, a concept once per word. `text` is the note's text,
    /// `terms` its [`text::terms`].
    pub fn note_concepts(
        &self,
        text: &str,
        terms: &[Term],
        language: Option<Language>,
    ) -> Vec<(ConceptId, u32)> {
        let mut out: Vec<(ConceptId, u32)> = Vec::new();
        let mut count = |c: ConceptId| match out.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => out.push((c, 1)),
        };
        for t in terms {
            for c in self.concepts_of(&t.word.to_lowercase(), &t.stem, language) {
                count(c);
            }
        }
        for (word, parts) in hyphenated_words(text) {
            let apart: Vec<ConceptId> = parts
                .iter()
                .flat_map(|p| self.concepts_of(p, &text::stem(p, language), language))
                .collect();
            for c in self.concepts_of(&word, &text::stem(&word, language), language) {
                if !apart.contains(&c) {
                    count(c);
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

/// The words of `text` written with a hyphen between letters or digits, lower case: each joined ("E-Bikes" →
/// "ebikes") with its parts ("e", "bikes"); links and e-mail addresses are not words.
fn hyphenated_words(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        if text::is_link(chunk) || !chunk.contains(HYPHENS) {
            continue;
        }
        // Punctuation and hyphens around the word ("(e-bike)", "30-Zone!", "-e-bike-") are not part of it; a
        // dash between words ("evenings - weekends") has no letter on one side.
        for word in chunk.split(|c: char| !(c.is_alphanumeric() || HYPHENS.contains(&c))) {
            let parts: Vec<&str> = word.trim_matches(HYPHENS).split(HYPHENS).collect();
            if parts.len() >= 2 && parts.iter().all(|p| !p.is_empty()) {
                let parts: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
                out.push((parts.concat(), parts));
            }
        }
    }
    out
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
                          [journals]\nen: publication\n[hours]\nen: timing\n[children]\nde: kind\n\
                          [false_friends]\nde: Gift\n\
                          [countries]\nen: nation\n[evening]\nsv: kväll\n[school]\nru: школа\n\
                          [cycling]\nen: e-bike, bike\nde: 30-zone\nfi: eu-rahoitu*\n";

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
        check("nations", Language::English, &["countries"]);
        check("nationality", Language::English, &[]);
        // Nordic definite plurals are longer, Russian genitive plurals shorter.
        check("kvällarna", Language::Swedish, &["evening"]);
        check("школ", Language::Russian, &["school"]);
    }

    fn check_note(text: &str, language: Language, expected: &[(&str, u32)]) {
        let lexicon = Lexicon::parse(&[("sample.txt", SAMPLE)]).unwrap();
        let terms = text::terms(text, Some(language));
        let got: Vec<(&str, u32)> = lexicon
            .note_concepts(text, &terms, Some(language))
            .into_iter()
            .map(|(c, n)| (lexicon.concepts[c as usize].as_str(), n))
            .collect();
        assert_eq!(got, expected, "{text:?} ({language:?})");
    }

    #[test]
    fn hyphenated_words_meet_hyphenated_entries() {
        // Words are split at hyphens ("e", "bikes"), so the hyphenated word is looked up joined, inflected too.
        check_note(
            "Parking for (e-bikes)!",
            Language::English,
            &[("cycling", 1)],
        );
        check_note("E-Bike", Language::English, &[("cycling", 1)]);
        check_note("ebike rack", Language::English, &[("cycling", 1)]);
        check_note(
            "Mehr 30-Zonen, weniger Lärm",
            Language::German,
            &[("noise", 1), ("cycling", 1)],
        );
        check_note("EU-rahoitusta", Language::Finnish, &[("cycling", 1)]);
        // Each part still counts alone; a dash between words joins nothing; links are not words.
        check_note(
            "noise-free playground",
            Language::English,
            &[("noise", 1), ("play", 1)],
        );
        check_note("e - bike", Language::English, &[("cycling", 1)]);
        check_note(
            "Parking for e\u{2010}bikes",
            Language::English,
            &[("cycling", 1)],
        );
        check_note("-e-bike-", Language::English, &[("cycling", 1)]);
        check_note("https://example.org/e-bike", Language::English, &[]);
        check_note("30—Zone", Language::German, &[]);
        // A concept both the word and one of its parts have counts once for the word.
        check_note("e-bike, bike", Language::English, &[("cycling", 2)]);
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
            "[a]\nen: alzheimer's",
            "bad.txt, line 2: \"alzheimer's\": never meets a note's word: a note's text splits it into [\"alzheimer\"]",
        );
        check_error(
            "[a]\nen: -",
            "bad.txt, line 2: \"-\": never meets a note's word: a note's text splits it into []",
        );
        check_error(
            "[a]\n\n[a]",
            "bad.txt, line 3: concept a is already defined in bad.txt, line 1",
        );
        check_error("[a", "bad.txt, line 1: a heading must end with ']': \"[a\"");
        check_error(
            "[false_friends]\nde: gift*",
            "bad.txt, line 2: \"gift*\": a false friend is one word",
        );
        check_error(
            "[false_friends]\nen: gift",
            "bad.txt, line 2: false friends are words of another language than English",
        );
    }

    #[test]
    fn the_compiled_in_lexicon_parses() {
        let lexicon = Lexicon::parse(FILES).unwrap();
        assert!(lexicon.concepts.len() >= 300, "{}", lexicon.concepts.len());
        assert_eq!(LEXICON.concepts.len(), lexicon.concepts.len());
        // Every heading is a concept of one of the two families (a misspelt `[false_friends]` would be a concept).
        for name in &lexicon.concepts {
            assert!(
                name.starts_with("work.") || name.starts_with("civic."),
                "{name}"
            );
        }
        // The false friends are read: German "Gift" (poison) is not the English entry "gift".
        assert!(
            lexicon.false_friends.len() >= 10,
            "{}",
            lexicon.false_friends.len()
        );
        let concepts = |word: &str, language: Language| {
            lexicon.concepts_of(word, &text::stem(word, Some(language)), Some(language))
        };
        assert!(!concepts("gift", Language::English).is_empty());
        // French "salariés" (employees) is not English "salaries".
        assert!(!concepts("salaries", Language::English).is_empty());
        assert_eq!(
            concepts("salariés", Language::French),
            Vec::<ConceptId>::new()
        );
        assert_eq!(concepts("gift", Language::German), Vec::<ConceptId>::new());
    }
}
