//! From a note's text to the terms that carry its meaning: Unicode word splitting (UAX #29), lower case, links,
//! e-mail addresses and lone letters dropped, elisions split (`l'école` → `école`), the stop words of the note's
//! language left out, and what remains stemmed with that language's Snowball stemmer and folded (accents off), so
//! that "Radwege" and "Radweg", or "bibliothèques" and "bibliotheque", become one term.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use super::language::Language;

/// A word of a note that carries meaning: as written (lower case) and as the term it counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word as written in the note (used for titles and keywords).
    pub word: String,
    /// Stemmed and folded: the key under which notes are compared.
    pub stem: String,
    /// Its place among the note's [`words`] (stop words included), to find phrases as written.
    pub pos: usize,
}

/// Whether a whitespace-separated chunk is a link or an e-mail address (their parts are not words).
pub fn is_link(chunk: &str) -> bool {
    let lower = chunk.to_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// Whether a one-character word still means something: a CJK ideograph or syllable does, a Latin letter does not.
fn single_char_is_word(c: char) -> bool {
    c.is_alphabetic() && u32::from(c) >= 0x2E80
}

/// The words of `text` as written, in order: links and e-mail addresses left out, words split at apostrophes,
/// one-letter words and bare one-digit numbers dropped. Emoji and punctuation are not words.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        if is_link(chunk) {
            continue;
        }
        for word in chunk.unicode_words() {
            for part in word.split(['\'', '’', 'ʼ']) {
                let mut chars = part.chars();
                let keep = match (chars.next(), chars.next()) {
                    (None, _) => false,
                    (Some(c), None) => single_char_is_word(c),
                    _ => true,
                };
                if keep {
                    out.push(part);
                }
            }
        }
    }
    out
}

/// The [`tokens`] of `text` in lower case.
pub fn words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(str::to_lowercase).collect()
}

/// Words that carry no theme in notes of any language on top of each language's list: fillers, modal verbs and
/// vague adjectives that notes written at café tables use a lot ("we need more …", "bessere …"), units of time
/// ("40 min", "2 hrs": notes with times had made a thread "Min"), and the light
/// verbs of every sentence (come, go, say, tell, take, give, know; "sagt", "vient", "dice", "zegt", "säger"), which
/// joined notes that shared nothing else and named threads "Tells" or "Come". Verbs that can carry a theme stay
/// terms: "gehen"/"gå" (walking), "vino" (wine), Dutch "taken" (tasks), Norwegian and Danish "gave" (gift), and
/// in a knowledge café the verbs of knowing ("know-how", "Wissen", "savoir", "saber"), "Macht" (power), "Denken",
/// "giving". Those that fold into another word are [`FUNCTION_WORDS`] (Swedish "säga", not "saga").
const EXTRA_STOP_WORDS: &[(Language, &[&str])] = &[
    (
        Language::English,
        &[
            "also",
            "could",
            "would",
            "need",
            "needs",
            "needed",
            "must",
            "might",
            "may",
            "can",
            "cannot",
            "get",
            "gets",
            "getting",
            "got",
            "make",
            "makes",
            "making",
            "let",
            "like",
            "want",
            "wants",
            "lot",
            "lots",
            "much",
            "many",
            "even",
            "still",
            "yet",
            "etc",
            "eg",
            "ie",
            "via",
            "us",
            "one",
            "really",
            "maybe",
            "perhaps",
            "thing",
            "things",
            "way",
            "ways",
            "good",
            "better",
            "best",
            "great",
            "important",
            "new",
            "every",
            "everyone",
            "use",
            "using",
            "used",
            "per",
            "instead",
            "lack",
            "idea",
            "ideas",
            "think",
            "keep",
            "come",
            "comes",
            "coming",
            "came",
            "go",
            "goes",
            "going",
            "went",
            "gone",
            "gotten",
            "tell",
            "tells",
            "telling",
            "told",
            "say",
            "says",
            "saying",
            "said",
            "made",
            "take",
            "takes",
            "taking",
            "took",
            "give",
            "gives",
            "given",
            "put",
            "puts",
            "putting",
            "seem",
            "seems",
            "seemed",
            "thinks",
            "thought",
            "wanted",
            "try",
            "tries",
            "tried",
            "trying",
            "min",
            "mins",
            "hrs",
        ],
    ),
    (
        Language::German,
        &[
            "mehr", "brauchen", "braucht", "sollten", "müssen", "muss", "mussen", "gibt", "geben",
            "gut", "gute", "guten", "besser", "bessere", "besseren", "neue", "neuen", "wichtig",
            "viele", "vielen", "mal", "schon", "immer", "ganz", "z", "b", "bzw", "usw", "etwa",
            "statt", "wäre", "wären", "fehlt", "fehlen", "idee", "könnten", "sollen", "dürfen",
            "kommen", "kommt", "kam", "kamen", "gekommen", "sagt", "sagte", "gesagt", "machen",
            "machte", "gemacht", "nehmen", "nimmt", "nahm", "genommen", "gab", "gegeben", "weiß",
            "wusste", "gewusst", "denkt", "dachte", "gedacht",
        ],
    ),
    (
        Language::Swedish,
        &[
            "mer", "mera", "behöver", "behövs", "borde", "måste", "bör", "ska", "skall", "kunna",
            "finns", "få", "bra", "bättre", "nya", "nytt", "ny", "viktigt", "viktig", "många",
            "också", "även", "t", "ex", "osv", "idé", "saknas", "komma", "kommer", "kom", "kommit",
            "säger", "sa", "sade", "sagt", "göra", "gör", "gjorde", "gjort", "tog", "tagit", "ge",
            "ger", "gav", "gett", "veta", "vet", "visste", "tänker", "tycker", "tycka", "tyckte",
        ],
    ),
    (
        Language::French,
        &[
            "plus",
            "faut",
            "falloir",
            "besoin",
            "doit",
            "doivent",
            "peut",
            "peuvent",
            "pouvoir",
            "faire",
            "bien",
            "bon",
            "bonne",
            "meilleur",
            "meilleure",
            "meilleures",
            "nouveau",
            "nouvelle",
            "nouvelles",
            "important",
            "importante",
            "beaucoup",
            "aussi",
            "très",
            "tout",
            "tous",
            "toutes",
            "chaque",
            "manque",
            "idée",
            "dire",
            "dit",
            "disent",
            "venir",
            "vient",
            "viennent",
            "venu",
            "venue",
            "prendre",
            "prend",
            "prennent",
            "pris",
            "donner",
            "donne",
            "donnent",
            "donné",
            "mettre",
            "met",
            "mis",
            "sait",
            "sais",
            "penser",
            "pense",
            "pensent",
            "vouloir",
            "veut",
            "veulent",
            "voulu",
            "fait",
            "font",
        ],
    ),
    (
        Language::Spanish,
        &[
            "más",
            "necesitamos",
            "necesita",
            "hace",
            "hacer",
            "falta",
            "debe",
            "deben",
            "deberían",
            "puede",
            "pueden",
            "bien",
            "buena",
            "bueno",
            "mejor",
            "mejores",
            "nuevo",
            "nueva",
            "nuevos",
            "importante",
            "mucho",
            "muchos",
            "muchas",
            "también",
            "cada",
            "idea",
            "decir",
            "dice",
            "dicen",
            "dijo",
            "venir",
            "viene",
            "vienen",
            "dar",
            "da",
            "dan",
            "dio",
            "poner",
            "pone",
            "ponen",
            "sabe",
            "saben",
            "pensar",
            "pienso",
            "piensa",
            "creo",
            "querer",
            "quiere",
            "quieren",
            "hacen",
            "hizo",
            "hecho",
        ],
    ),
    (
        Language::Dutch,
        &[
            "komen", "komt", "kwam", "kwamen", "gekomen", "zeggen", "zegt", "zei", "gezegd",
            "maken", "maakt", "maakte", "gemaakt", "nemen", "neemt", "nam", "genomen", "geven",
            "geeft", "gaf", "gegeven", "weten", "weet", "wist", "denken", "denkt", "dacht",
            "krijgen", "krijgt", "kreeg", "gekregen",
        ],
    ),
    (
        Language::Russian,
        &[
            "нужно",
            "нужен",
            "нужна",
            "нужны",
            "надо",
            "должны",
            "должен",
            "стоит",
            "хорошо",
            "хороший",
            "лучше",
            "новый",
            "новые",
            "важно",
            "очень",
            "также",
            "каждый",
            "больше",
        ],
    ),
];

/// Words missing from the NLTK lists that carry no theme but met a concept of the lexicon through their stem or
/// spelling (Swedish "bara", only → "bar"; Spanish "solo" → "sol", sun; Portuguese "pode", can → "poda",
/// pruning; Portuguese "logo", soon, is English "logo") or named threads ("überall", "nobody"): adverbs,
/// pronouns, numerals, conjunctions, modal and other verbs of every sentence ("sabemos", "дать"), fillers
/// ("verdad", "caso"). Found by running every word of each language's stopwords-iso list through the lexicon,
/// kept by hand. Lower case, as written (see [`FUNCTION_WORD_SETS`]).
const FUNCTION_WORDS: &[(Language, &[&str])] = &[
    (Language::Danish, &["bare", "syv"]),
    (Language::Dutch, &["vaak"]),
    (
        Language::English,
        &[
            "nobody",
            "everywhere",
            "clearly",
            "lately",
            "likely",
            "quite",
            "relatively",
            "respectively",
            "successfully",
            "sufficiently",
        ],
    ),
    (
        Language::Finnish,
        &[
            "kannalta",
            "kanssaan",
            "kanssamme",
            "kanssani",
            "kanssanne",
            "kanssasi",
            "kukaan",
            "kylliksi",
            "kyllä",
            "menossa",
            "mitään",
            "suuntaan",
            "voi",
        ],
    ),
    (
        Language::French,
        &[
            "devant",
            "directement",
            "laisser",
            "parce",
            "partant",
            "restant",
            "suivant",
            "suivante",
            "suivants",
            "mêmes",
        ],
    ),
    (Language::German, &["überall", "fürs", "sagen"]),
    (
        Language::Italian,
        &[
            "caso",
            "favore",
            "finalmente",
            "parte",
            "partendo",
            "solito",
            "solo",
            "lasciato",
        ],
    ),
    (Language::Norwegian, &["måte", "vite"]),
    (
        Language::Portuguese,
        &[
            "faço", "logo", "nuns", "parte", "partir", "pode", "podem", "poder", "poderá", "podia",
            "pôde", "sobre",
        ],
    ),
    (Language::Russian, &["вон", "дать", "стать", "ими", "семь"]),
    (
        Language::Spanish,
        &[
            "cuenta", "menos", "parte", "partir", "podemos", "poder", "sabemos", "solo", "sólo",
            "trata", "verdad",
        ],
    ),
    (
        Language::Swedish,
        &[
            "aldrig",
            "bara",
            "båda",
            "bådas",
            "elva",
            "följande",
            "heller",
            "högst",
            "kunnat",
            "lite",
            "slutligen",
            "säga",
            "ta",
            "tar",
            "tänka",
        ],
    ),
];

/// Every language's stop words (its NLTK list and the extras above), folded like stems are.
static STOP_WORDS: LazyLock<Vec<HashSet<String>>> = LazyLock::new(|| {
    Language::ALL
        .iter()
        .map(|&language| {
            let extra = EXTRA_STOP_WORDS
                .iter()
                .filter(|(l, _)| *l == language)
                .flat_map(|(_, words)| words.iter());
            stop_words::lookup(language.code())
                .unwrap_or_default()
                .iter()
                .chain(extra)
                .flat_map(|w| words(w))
                .map(|w| fold(&w))
                .collect()
        })
        .collect()
});

/// Every language's [`FUNCTION_WORDS`], as written: compared before folding, so that Swedish "båda" (both) is one
/// and "bada" (bathe) is not, French "mêmes" (same) and not "memes".
static FUNCTION_WORD_SETS: LazyLock<Vec<HashSet<&'static str>>> = LazyLock::new(|| {
    Language::ALL
        .iter()
        .map(|&language| {
            FUNCTION_WORDS
                .iter()
                .filter(|(l, _)| *l == language)
                .flat_map(|(_, words)| words.iter().copied())
                .collect()
        })
        .collect()
});

/// Whether `word` (lower case) is a stop word of `language`.
pub fn is_stop_word_in(word: &str, language: Language) -> bool {
    is_folded_stop_word_in(&fold(word), language)
        || FUNCTION_WORD_SETS[language as usize].contains(word)
}

/// Whether `folded` (lower case, [`fold`]ed) is one of `language`'s listed stop words (its NLTK list and the
/// extras; not the [`FUNCTION_WORDS`], which are compared as written).
pub fn is_folded_stop_word_in(folded: &str, language: Language) -> bool {
    STOP_WORDS[language as usize].contains(folded)
}

/// Whether `word` is a stop word of the note's language or of English (notes in any language borrow English
/// words, and English stop words are no content words elsewhere).
pub fn is_stop_word(word: &str, language: Option<Language>) -> bool {
    let folded = fold(word);
    let listed = |l: Language| {
        STOP_WORDS[l as usize].contains(&folded) || FUNCTION_WORD_SETS[l as usize].contains(word)
    };
    listed(Language::English) || language.is_some_and(listed)
}

/// `text` in canonical composition (Unicode NFC): letters typed as a base and a combining mark ("a" + "\u{308}")
/// become the one character ("ä") the stop words, stems and the lexicon know; soft hyphens are taken out.
/// Borrowed when it is already so.
pub fn composed(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if text.contains(SOFT_HYPHEN) {
        return Cow::Owned(text.nfc().filter(|&c| c != SOFT_HYPHEN).collect());
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// An invisible hint where a word may break, pasted in from word processors and web pages ("Bib\u{ad}lio\u{ad}thek");
/// it stays inside the word, so [`composed`] takes it out.
const SOFT_HYPHEN: char = '\u{ad}';

/// Takes accents and ligatures off Latin letters (`é` → `e`, `ß` → `ss`, `æ` → `ae`) and `ё` to `е`, so a word
/// typed without accents matches the same word with them.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => out.push('c'),
            'ď' | 'đ' | 'ð' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ğ' | 'ģ' => out.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
            'ķ' => out.push('k'),
            'ł' | 'ľ' | 'ļ' | 'ĺ' => out.push('l'),
            'ñ' | 'ń' | 'ň' | 'ņ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ř' | 'ŕ' => out.push('r'),
            'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ť' | 'ţ' | 'ț' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'þ' => out.push_str("th"),
            'ё' => out.push('е'),
            _ => out.push(c),
        }
    }
    out
}

/// The stem of `word` (lower case) in `language`, folded; without a language, the folded word.
pub fn stem(word: &str, language: Option<Language>) -> String {
    match language {
        Some(l) => fold(&rust_stemmers::Stemmer::create(l.algorithm()).stem(word)),
        None => fold(word),
    }
}

/// The terms of a note: its words without stop words, each with its stem. Numbers count as terms ("24/7",
/// "2030") when they have at least two digits.
pub fn terms(text: &str, language: Option<Language>) -> Vec<Term> {
    let stemmer = language.map(|l| rust_stemmers::Stemmer::create(l.algorithm()));
    tokens(text)
        .into_iter()
        .enumerate()
        .filter_map(|(pos, word)| {
            let lower = word.to_lowercase();
            if is_stop_word(&lower, language) {
                return None;
            }
            let stem = match &stemmer {
                Some(s) => fold(&s.stem(&lower)),
                None => fold(&lower),
            };
            Some(Term {
                word: word.to_owned(),
                stem,
                pos,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_words(input: &str, expected: &str) {
        assert_eq!(words(input).join(" "), expected, "{input:?}");
    }

    #[test]
    fn words_are_unicode_words_without_links_or_lone_letters() {
        check_words("Open data, now!", "open data now");
        check_words(
            "See https://example.org/x?y=1 or www.lib.se, mail ana@example.org",
            "see or mail",
        );
        check_words("l'école d’été", "école été");
        check_words("🎉🎉 🙂", "");
        check_words("Wi-Fi 24/7 in 2030", "wi fi 24 in 2030");
        check_words("Библиотеки — ÖFFNUNGSZEITEN", "библиотеки öffnungszeiten");
        check_words("图书馆开放", "图 书 馆 开 放");
        check_words("", "");
    }

    fn check_same_stem(language: Language, a: &str, b: &str) {
        assert_eq!(
            stem(a, Some(language)),
            stem(b, Some(language)),
            "{a} / {b} in {language:?}"
        );
    }

    #[test]
    fn stems_join_inflections_in_each_language() {
        for (language, a, b) in [
            (Language::German, "Radwege", "Radweg"),
            (Language::German, "Öffnungszeiten", "Öffnungszeit"),
            (Language::French, "bibliothèques", "bibliothèque"),
            (Language::Russian, "библиотеки", "библиотека"),
            (Language::English, "volunteers", "volunteering"),
            (Language::English, "libraries", "library"),
            (Language::Swedish, "bibliotekens", "bibliotek"),
            (Language::Spanish, "bibliotecas", "biblioteca"),
        ] {
            check_same_stem(language, &a.to_lowercase(), &b.to_lowercase());
        }
        // Accents typed or not, the same term.
        assert_eq!(
            stem("bibliothèque", Some(Language::French)),
            stem("bibliotheque", Some(Language::French))
        );
    }

    fn check_terms(input: &str, language: Language, expected: &str) {
        let got: Vec<String> = terms(input, Some(language))
            .into_iter()
            .map(|t| t.stem)
            .collect();
        assert_eq!(got.join(" "), expected, "{input:?}");
    }

    #[test]
    fn terms_leave_out_stop_words() {
        check_terms(
            "We need more volunteers for the library",
            Language::English,
            "volunt librari",
        );
        check_terms("Wir brauchen mehr Radwege", Language::German, "radweg");
        check_terms("the and of", Language::English, "");
        check_terms(
            "Vi behöver fler bibliotek",
            Language::Swedish,
            "fler bibliotek",
        );
    }

    #[test]
    fn function_words_are_no_terms() {
        // They would meet lexicon entries through their stems: Swedish "bara" (only) → "bar", Spanish "solo"
        // (only) → "sol" (sun), Portuguese "pode" (can) → "poda" (pruning).
        check_terms("Vi hinner bara prata", Language::Swedish, "hinn prat");
        check_terms("solo los sábados", Language::Spanish, "sab");
        check_terms("ninguém pode ajudar", Language::Portuguese, "ninguem ajud");
        check_terms("Müll überall", Language::German, "mull");
        check_terms("nobody called", Language::English, "call");
        // Compared as written: Swedish "båda" (both) is one, "bada" (bathe) is not.
        check_terms("båda vill bada", Language::Swedish, "vill bad");
    }

    #[test]
    fn light_verbs_are_no_terms() {
        // Verbs of every sentence joined notes that shared nothing else and named threads "Tells" or "Come".
        check_terms("nobody tells you anything", Language::English, "anyth");
        check_terms("they said it would come", Language::English, "");
        check_terms(
            "Keiner sagt uns, wann der Bus kommt",
            Language::German,
            "wann bus",
        );
        check_terms(
            "Niemand zegt wanneer de bus komt",
            Language::Dutch,
            "niemand wanner bus",
        );
        check_terms(
            "personne ne dit quand il vient",
            Language::French,
            "person quand",
        );
        check_terms("nadie nos dice cuándo viene", Language::Spanish, "nadi");
        check_terms("ingen säger när bussen kommer", Language::Swedish, "buss");
        // Knowing is a theme in a knowledge café; a verb that folds into another word is compared as written.
        check_terms(
            "know-how und Wissen teilen",
            Language::German,
            "know wiss teil",
        );
        check_terms("säga en saga", Language::Swedish, "sag");
        check_terms("sagen und sägen", Language::German, "sag");
        // Units of time are no theme ("40 min" and "10 min" made a thread "Min"); HR is one.
        check_terms("waited 40 min, 2 hrs", Language::English, "wait 40");
        check_terms("HR decides", Language::English, "hr decid");
        // Whole words only: "Ansage" (announcement) is not "sag(t)".
        check_terms("Ansage kommt nie", Language::German, "ansag nie");
    }

    #[test]
    fn soft_hyphens_are_taken_out() {
        assert_eq!(composed("Bib\u{ad}lio\u{ad}thek"), "Bibliothek");
        assert!(matches!(composed("Bibliothek"), Cow::Borrowed(_)));
        assert_eq!(composed("Cafe\u{301}\u{ad}s"), "Cafés");
    }
}
