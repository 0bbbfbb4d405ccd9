//! Judgements shared by several rules: what looks like an e-mail, a timestamp key, a
//! credential name, a placeholder; and how a secret is shown without leaking it.

use crate::facts::{
    Attr, Call, CredentialRole, Expr, FileFacts, Method, Sdk, Section, Span, Value,
};

/// Lower-case a key and drop separators: `created_at`, `createdAt`, `Created-At` → `createdat`.
pub(crate) fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Split an identifier into lower-case words: `appApiKey` → `app api key`, `CIO_APP_KEY` → `cio app key`.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || (chars[i - 1].is_ascii_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Attribute keys Customer.io treats as dates: `timestamp`, `created_at`, any `*_at`,
/// `_timestamp`, `last_used`, `send_at`.
pub(crate) fn is_timestamp_key(key: &str) -> bool {
    let w = words(key);
    let Some(last) = w.last() else { return false };
    matches!(last.as_str(), "at" | "timestamp" | "ts")
        || key == "last_used"
        || key == "lastUsed"
        || (w.len() >= 2 && last == "time" && w.len() <= 3 && key.contains('_'))
}

/// The leaf name of a value for judging what it holds: `user.email` → `email`,
/// `process.env.CIO_APP_KEY` → `CIO_APP_KEY`, a resolved constant → its name.
pub(crate) fn value_name(expr: &Expr) -> Option<String> {
    match &expr.value {
        Value::Path(p) => p.last().cloned(),
        Value::Env(name) => Some(name.clone()),
        _ => expr.via.clone(),
    }
}

/// Names that hold an e-mail address.
pub(crate) fn is_email_name(name: &str) -> bool {
    let n = normalize_key(name);
    n == "email"
        || n == "mail"
        || n.ends_with("email")
        || n.ends_with("emailaddress")
        || n == "emailaddr"
        || n.starts_with("emailaddress")
}

/// An e-mail address literal.
pub(crate) fn is_email_literal(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains(char::is_whitespace)
}

/// How a customer id carries an e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmailForm {
    /// The address itself, possibly normalised (`user.email`, `email.strip().lower()`).
    Address,
    /// A hash of the address (`sha256(email)`, `Digest::MD5.hexdigest(email)`).
    Hash,
    /// A reversible encoding of the address (`btoa(email)`, `base64.b64encode(...)`).
    Encoding,
}

/// Does an expression evaluate to an e-mail address?
pub(crate) fn is_email_value(expr: &Expr) -> bool {
    email_form(expr).is_some()
}

/// Whether an expression evaluates to an e-mail address, or to a value derived from one that
/// changes with it.
pub(crate) fn email_form(expr: &Expr) -> Option<EmailForm> {
    let address = |yes: bool| yes.then_some(EmailForm::Address);
    match &expr.value {
        Value::Str(s) => address(is_email_literal(s)),
        Value::Path(p) => address(nullable_leaf(p).is_some_and(is_email_name)),
        Value::Interpolated {
            literal_parts,
            holes,
        } => {
            // `cio_${id}` addresses a person by their immutable cio id.
            if literal_parts.iter().all(|p| p.is_empty()) && holes.len() == 1 {
                email_form(&holes[0])
            } else {
                None
            }
        }
        Value::OneOf(vs) => {
            let forms: Vec<EmailForm> = vs
                .iter()
                .filter_map(|v| {
                    email_form(&Expr {
                        value: v.clone(),
                        ..expr.clone()
                    })
                })
                .collect();
            [EmailForm::Address, EmailForm::Hash, EmailForm::Encoding]
                .into_iter()
                .find(|f| forms.contains(f))
        }
        // `hashlib.sha256(email.encode()).hexdigest()`, `btoa(email)`: a hash or encoding of
        // the address changes when the address does (checked first: `md5(email.downcase)` is a
        // hash, not the normalised address).
        Value::Call(callee) if derived_from_email(callee, &expr.text).is_some() => {
            derived_from_email(callee, &expr.text)
        }
        Value::Call(callee) if is_normalised_email(callee) => Some(EmailForm::Address),
        // Go: `strings.ToLower(u.Email)`.
        Value::Call(callee)
            if matches!(
                callee.as_str(),
                "strings.ToLower" | "strings.TrimSpace" | "strings.ToUpper"
            ) =>
        {
            address(
                expr.text
                    .split_once('(')
                    .and_then(|(_, rest)| rest.strip_suffix(')'))
                    .and_then(|arg| arg.trim().rsplit('.').next())
                    .is_some_and(is_email_name),
            )
        }
        _ => {
            let t = expr.text.replace("?.", ".");
            let leaf = t
                .trim_end_matches("()")
                .rsplit(['.', '[', '"', '\''])
                .find(|s| !s.is_empty() && *s != "]")
                .unwrap_or("");
            address(is_email_name(leaf) && !t.contains('('))
        }
    }
}

/// The field a path reads, seen through Go's nullable column types: `u.EmailAddress.String`
/// (`sql.NullString`, sqlboiler's `null.String`) holds the address.
fn nullable_leaf(path: &[String]) -> Option<&str> {
    match path {
        [.., field, last] if last == "String" => Some(field),
        [.., last] => Some(last),
        [] => None,
    }
}

/// A hash or an encoding applied to an e-mail argument: `md5(email)`,
/// `createHash("sha256").update(user.email).digest("hex")`, `Buffer.from(email).toString("base64")`.
fn derived_from_email(callee: &str, text: &str) -> Option<EmailForm> {
    const HASHES: &[&str] = &["md5", "sha1", "sha256", "sha512", "digest", "hash"];
    const ENCODINGS: &[&str] = &["b64encode", "btoa", "base64"];
    let lower = format!("{callee} {text}").to_ascii_lowercase();
    let form = if HASHES.iter().any(|h| lower.contains(h)) {
        EmailForm::Hash
    } else if ENCODINGS.iter().any(|h| lower.contains(h)) {
        EmailForm::Encoding
    } else {
        return None;
    };
    // The arguments show in a chained callee (`md5(email).hexdigest`) or in the call's text.
    let email_argument = [callee, text].iter().any(|t| {
        t.split_once('(').is_some_and(|(_, args)| {
            args.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(is_email_name)
        })
    });
    email_argument.then_some(form)
}

/// `email.toLowerCase()`, `email.strip`, `email.replace('@', '_')`: the address normalised or
/// escaped is still the address.
fn is_normalised_email(callee: &str) -> bool {
    let callee = callee.replace("?.", ".");
    let Some((receiver, method)) = callee.rsplit_once('.') else {
        return false;
    };
    const KEEPS_IDENTITY: &[&str] = &[
        "tolowercase",
        "tolocalelowercase",
        "touppercase",
        "trim",
        "replace",
        "replaceall",
        "normalize",
        "lower",
        "strip",
        "casefold",
        "downcase",
        "squish",
        "gsub",
        "sub",
        "tr",
    ];
    if !KEEPS_IDENTITY.contains(&normalize_key(method).as_str()) {
        return false;
    }
    let leaf = receiver
        .trim_end_matches("()")
        .trim_end_matches('?')
        .rsplit(['.', '[', '"', '\''])
        .find(|s| !s.is_empty() && *s != "]")
        .unwrap_or("");
    is_email_name(leaf) || is_normalised_email(receiver.trim_end_matches("()"))
}

/// The generator of a value made fresh at each evaluation (`crypto.randomUUID()`,
/// `str(uuid.uuid4())`, `SecureRandom.uuid`, `uuid.New().String()`, `nanoid()`), if the
/// expression is one or is built from one. Stored uuids (`user.uuid`) are data, not this.
pub(crate) fn fresh_random_generator(expr: &Expr) -> Option<&'static str> {
    match &expr.value {
        Value::Interpolated { holes, .. } => {
            if let Some(g) = holes.iter().find_map(fresh_random_generator) {
                return Some(g);
            }
        }
        Value::Call(callee) => {
            if let Some(g) = random_in_text(&format!("{callee}()")) {
                return Some(g);
            }
        }
        Value::Path(segments) => {
            if let Some(g) = random_in_text(&segments.join(".")) {
                return Some(g);
            }
        }
        // `user.nil? ? anonymous_id : user.id` where `anonymous_id = SecureRandom.uuid`.
        Value::OneOf(alternatives) => {
            if let Some(g) = alternatives.iter().find_map(|v| match v {
                Value::Call(callee) => random_in_text(&format!("{callee}()")),
                Value::Path(segments) => random_in_text(&segments.join(".")),
                _ => None,
            }) {
                return Some(g);
            }
        }
        _ => {}
    }
    // The expression's own text, unless it is a name standing for a value made elsewhere.
    if expr.via.is_none() {
        return random_in_text(&expr.text);
    }
    None
}

/// Random generators named in source text: called ones (`uuid4(`), or Ruby's paren-less
/// `SecureRandom.uuid`.
pub(crate) fn random_in_text(text: &str) -> Option<&'static str> {
    let mut tokens: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            cur.push(c.to_ascii_lowercase());
            continue;
        }
        if !cur.is_empty() {
            tokens.push((std::mem::take(&mut cur), c == '('));
        }
    }
    if !cur.is_empty() {
        tokens.push((cur, false));
    }
    for (i, (token, called)) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| tokens[p].0.as_str());
        let called = *called;
        let found = match token.as_str() {
            "uuid" | "hex" | "alphanumeric" | "urlsafe_base64" | "base64" | "random_number"
            | "uuid_v4" | "uuid_v7"
                if prev == Some("securerandom") =>
            {
                Some("SecureRandom")
            }
            "randomuuid" if called => Some("randomUUID()"),
            "uuid4" | "uuid1" | "uuid7" if called => Some("uuid4()"),
            "uuidv4" | "uuidv1" | "uuidv7" if called => Some("uuidv4()"),
            "v4" | "v1" | "v7" if called && matches!(prev, None | Some("uuid")) => {
                Some("uuid v4()")
            }
            "uuid" if called && prev.is_none() => Some("uuid()"),
            "new" | "newstring" | "newrandom" | "newv4" | "newv7" | "must"
                if called && prev == Some("uuid") =>
            {
                Some("uuid.New()")
            }
            "newrandom" | "newv4" if called => Some("uuid.NewRandom()"),
            "new" if called && matches!(prev, Some("ksuid" | "xid")) => Some("a new ksuid/xid"),
            "nanoid" | "cuid" | "ulid" if called => Some("a generated nanoid/cuid/ulid"),
            "token_hex" | "token_urlsafe" if called && prev == Some("secrets") => {
                Some("secrets.token_hex()")
            }
            "random" if called && prev == Some("math") => Some("Math.random()"),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Names of personal data that must not end up in an event name.
pub(crate) fn is_pii_name(name: &str) -> bool {
    let n = normalize_key(name);
    is_email_name(name)
        || n.ends_with("phone")
        || n.ends_with("phonenumber")
        || n == "mobile"
        || n == "name"
        || n.ends_with("firstname")
        || n.ends_with("lastname")
        || n.ends_with("fullname")
        || n == "username"
        || n == "displayname"
        || n == "address"
        || n.ends_with("streetaddress")
        || n == "ssn"
        || n == "dob"
        || n == "birthdate"
        || n == "dateofbirth"
}

/// The credential kind a variable or env name announces, if any.
pub(crate) fn role_from_name(name: &str) -> Option<CredentialRole> {
    let w = words(name);
    let has = |s: &str| w.iter().any(|x| x == s);
    let joined = w.join("");
    if has("write")
        || has("cdp")
        || joined.contains("writekey")
        || has("pipelines")
        || has("pipeline")
    {
        return Some(CredentialRole::WriteKey);
    }
    if (has("app") && (has("key") || has("token")))
        || joined.contains("appapikey")
        || joined.contains("appkey")
        || (has("bearer"))
    {
        return Some(CredentialRole::AppApiKey);
    }
    if has("site") && (has("id") || w.len() == 1 || joined.ends_with("siteid")) {
        return Some(CredentialRole::SiteId);
    }
    if joined.contains("siteid") {
        return Some(CredentialRole::SiteId);
    }
    if has("track") && has("key")
        || joined.contains("trackapikey")
        || joined.contains("trackingapikey")
    {
        return Some(CredentialRole::TrackApiKey);
    }
    None
}

/// Key shapes (GitGuardian's detector examples, not a Customer.io guarantee): 32 hex
/// characters is an App API key, 20 hex a site id or Track API key.
pub(crate) fn role_from_literal(s: &str) -> Option<CredentialRole> {
    let hex = s.chars().all(|c| c.is_ascii_hexdigit());
    if !hex {
        return None;
    }
    match s.len() {
        32 => Some(CredentialRole::AppApiKey),
        20 => Some(CredentialRole::TrackApiKey),
        _ => None,
    }
}

/// Values people leave in example code: empty, `YOUR_SITE_ID`, `xxx`, `<api-key>`, `test`.
pub(crate) fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    if t.len() < 6 {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    distinct.len() <= 2
        || lower.starts_with("your")
        || lower.starts_with('<')
        || lower.starts_with("${")
        || lower.starts_with("{{")
        || lower.starts_with('$')
        || lower.contains("placeholder")
        || lower.contains("example")
        || lower.contains("changeme")
        || lower.contains("change_me")
        || lower.contains("replace")
        || lower.contains("dummy")
        || lower.contains("fake")
        || lower.contains("xxxx")
        || lower.contains("todo")
        || lower.contains("insert")
        || lower.contains("redacted")
        || lower.contains("secret_here")
        || lower.contains("key_here")
        || lower == "test"
        || lower == "testing"
        || lower.starts_with("test-")
        || lower.starts_with("test_")
        || lower.contains("process.env")
        || lower.starts_with("env(")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.contains(' ')
        || names_itself(&lower)
        || counts_up(&lower)
}

/// `1234abcd5678efgh`, `abcdef123456`: made only of counting runs, as people type a
/// stand-in; a real key is random hex and never is.
fn counts_up(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let mut run = 1;
    for w in bytes.windows(2) {
        if w[1] == w[0] + 1 {
            run += 1;
        } else if run < 3 {
            return false;
        } else {
            run = 1;
        }
    }
    run >= 3
}

/// `"siteid"`, `"apikey"`, `"abc123site"`, `"test-api-key"`, `"mock_write_key"`: a made-up
/// value that names what it stands for. Customer.io keys are hex, so a value with other
/// letters that spells such a word is no key.
fn names_itself(lower: &str) -> bool {
    let hex = lower.chars().all(|c| c.is_ascii_hexdigit());
    !hex && ([
        "site", "key", "api", "secret", "token", "test", "demo", "sample", "mock", "stub", "local",
        "dev", "customer",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || lower.ends_with("-id")
        || lower.ends_with("_id"))
}

/// Show at most the first 4 characters of a secret.
pub(crate) fn mask_secret(s: &str) -> String {
    let prefix: String = s.chars().take(4).collect();
    format!("\"{prefix}…\" ({} chars)", s.chars().count())
}

/// Env var prefixes that bundlers inline into browser or app code.
pub(crate) const PUBLIC_ENV_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "GATSBY_",
    "NUXT_PUBLIC_",
    "NUXT_ENV_",
    "PUBLIC_",
    "VUE_APP_",
];

pub(crate) fn public_env_prefix(name: &str) -> Option<&'static str> {
    PUBLIC_ENV_PREFIXES
        .iter()
        .copied()
        .find(|p| name.starts_with(p))
}

/// "an App API key", "a site id".
pub(crate) fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// Source text shown in backticks, unless it has its own (a template literal).
pub(crate) fn code(text: &str) -> String {
    if text.contains('`') {
        text.to_string()
    } else {
        format!("`{text}`")
    }
}

/// A customer-id expression as a comparable key (`user?.id` and `user.id` are the same).
pub(crate) fn id_key(expr: &Expr) -> String {
    match &expr.value {
        Value::Str(s) => format!("\"{s}\""),
        _ => expr
            .text
            .replace("?.", ".")
            .replace(['!', ' '], "")
            .trim_start_matches("String(")
            .trim_end_matches(')')
            .to_string(),
    }
}

/// True when a value is (or may be) a string built from parts that vary at run time.
pub(crate) fn dynamic_holes(expr: &Expr) -> Vec<&Expr> {
    match &expr.value {
        Value::Interpolated { holes, .. } => holes.iter().collect(),
        _ => Vec::new(),
    }
}

/// A transactional send as the App API receives it: an SDK request object
/// (`SendEmailRequest`, `SendPushRequest`, …, in every language) or the body of a raw
/// `POST /v1/send/*`. The SDK `send*` call that takes the object is not a second request.
pub(crate) struct TransactionalRequest<'a> {
    pub call: &'a Call,
    /// An e-mail (`/v1/send/email`): the only kind that can carry its own from/subject/body.
    pub is_email: bool,
}

impl<'a> TransactionalRequest<'a> {
    /// Every transactional request built or sent in a file.
    pub(crate) fn all(facts: &'a FileFacts) -> Vec<TransactionalRequest<'a>> {
        facts
            .calls
            .iter()
            .filter_map(|call| {
                let object = call
                    .method_name
                    .rsplit(['.', ':', ' '])
                    .next()
                    .filter(|n| n.starts_with("Send") && n.ends_with("Request"));
                let is_email = match (call.method, object) {
                    (Method::BuildRequest, Some(name)) => name == "SendEmailRequest",
                    (Method::SendEmail, _) if call.client.sdk == Sdk::RawHttp => true,
                    (Method::SendMessage, _) if call.client.sdk == Sdk::RawHttp => false,
                    _ => return None,
                };
                Some(TransactionalRequest { call, is_email })
            })
            .collect()
    }

    /// A top-level key, whatever the SDK spells it (`transactional_message_id`,
    /// `TransactionalMessageID`; Python's `_from` for `from`), unless its value is null.
    pub(crate) fn key(&self, name: &str) -> Option<&'a Attr> {
        let want = normalize_key(name);
        self.call.attributes.iter().find(|a| {
            a.depth == 0
                && a.section == Section::Top
                && normalize_key(&a.key) == want
                && !matches!(a.value.value, Value::Null)
        })
    }

    /// The entries of a top-level key whose value is a literal object (`identifiers: { id }`),
    /// or `None` when the value is anything else.
    pub(crate) fn entries(&self, name: &str) -> Option<Vec<&'a Attr>> {
        let attrs = &self.call.attributes;
        let want = normalize_key(name);
        let at = attrs.iter().position(|a| {
            a.depth == 0 && a.section == Section::Top && normalize_key(&a.key) == want
        })?;
        if attrs[at].value.value != Value::Object {
            return None;
        }
        Some(
            attrs[at + 1..]
                .iter()
                .take_while(|a| a.depth > 0)
                .filter(|a| a.depth == 1)
                .collect(),
        )
    }

    /// All the request's keys are in sight: no spread, no request held in a variable, and
    /// (for a call derived through a wrapper) no key the wrapper set itself.
    pub(crate) fn keys_known(&self) -> bool {
        self.call.payload.is_none() && self.call.spreads.is_empty()
    }
}

/// A span from the start of one to the end of another (a key through its value).
pub(crate) fn join_spans(from: Span, to: Span) -> Span {
    if to.end <= from.end {
        return from;
    }
    Span {
        start: from.start,
        end: to.end,
        line: from.line,
        column: from.column,
        end_line: to.end_line,
        end_column: to.end_column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(words("appApiKey"), ["app", "api", "key"]);
        assert_eq!(words("CIO_APP_KEY"), ["cio", "app", "key"]);
        assert_eq!(words("createdAt"), ["created", "at"]);
        assert_eq!(words("HTTPServer"), ["http", "server"]);
    }

    #[test]
    fn roles_from_names() {
        assert_eq!(role_from_name("appApiKey"), Some(CredentialRole::AppApiKey));
        assert_eq!(
            role_from_name("CIO_APP_KEY"),
            Some(CredentialRole::AppApiKey)
        );
        assert_eq!(role_from_name("app_key"), Some(CredentialRole::AppApiKey));
        assert_eq!(
            role_from_name("TRACK_API_KEY"),
            Some(CredentialRole::TrackApiKey)
        );
        assert_eq!(role_from_name("siteId"), Some(CredentialRole::SiteId));
        assert_eq!(
            role_from_name("CUSTOMERIO_SITE_ID"),
            Some(CredentialRole::SiteId)
        );
        assert_eq!(role_from_name("writeKey"), Some(CredentialRole::WriteKey));
        assert_eq!(role_from_name("apiKey"), None);
        assert_eq!(role_from_name("key"), None);
        assert_eq!(role_from_name("CIO_API_KEY"), None);
    }

    #[test]
    fn timestamp_keys() {
        for k in [
            "timestamp",
            "created_at",
            "createdAt",
            "last_login_at",
            "_timestamp",
            "last_used",
            "send_at",
        ] {
            assert!(is_timestamp_key(k), "{k}");
        }
        for k in ["plan", "attempts", "format", "cat", "data"] {
            assert!(!is_timestamp_key(k), "{k}");
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "",
            "YOUR_SITE_ID",
            "xxx",
            "<api-key>",
            "test",
            "your-api-key",
            "xxxxxxxxxxxxxxxxxxxx",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("f82ad78f695bd32f9d99"));
        assert!(is_placeholder("customerio-id"));
        assert!(is_placeholder("cio_site_id"));
        assert!(is_placeholder("1234abcd5678efgh"));
        assert!(is_placeholder("abcdef0123456789"));
        assert!(!is_placeholder("abc9f82ad78f695bd32f"));
    }

    #[test]
    fn email_forms() {
        let call = |callee: &str, text: &str| Expr {
            value: Value::Call(callee.into()),
            span: Default::default(),
            text: text.into(),
            via: None,
        };
        let path = Expr {
            value: Value::Path(vec!["user".into(), "email".into()]),
            span: Default::default(),
            text: "user.email".into(),
            via: None,
        };
        assert_eq!(email_form(&path), Some(EmailForm::Address));
        assert_eq!(
            email_form(&call(
                "user.email.strip().lower",
                "user.email.strip().lower()"
            )),
            Some(EmailForm::Address)
        );
        assert_eq!(
            email_form(&call("md5", "md5(user.email)")),
            Some(EmailForm::Hash)
        );
        assert_eq!(
            email_form(&call(
                "Digest::MD5.hexdigest(user.email.downcase)",
                "Digest::MD5.hexdigest(user.email.downcase)"
            )),
            Some(EmailForm::Hash)
        );
        assert_eq!(
            email_form(&call("btoa", "btoa(email)")),
            Some(EmailForm::Encoding)
        );
        assert_eq!(
            email_form(&call(
                "Buffer.from(user.email).toString",
                "Buffer.from(user.email).toString(\"base64\")"
            )),
            Some(EmailForm::Encoding)
        );
        assert_eq!(email_form(&call("md5", "md5(String(user.id))")), None);
        assert_eq!(
            email_form(&call("lookupByEmail", "lookupByEmail(email)")),
            None
        );
    }

    #[test]
    fn fresh_random_values() {
        let text = |t: &str| Expr {
            value: Value::Unknown,
            span: Default::default(),
            text: t.into(),
            via: None,
        };
        for t in [
            "crypto.randomUUID()",
            "str(uuid.uuid4())",
            "uuidv4()",
            "uuid()",
            "SecureRandom.uuid",
            "uuid.New().String()",
            "uuid.NewString()",
            "uuid.Must(uuid.NewRandom()).String()",
            "nanoid()",
            "`anon-${Math.random()}`",
        ] {
            assert!(fresh_random_generator(&text(t)).is_some(), "{t}");
        }
        for t in [
            "user.uuid",
            "user.uuid.toString()",
            "uuid5(NS, email)",
            "session.anonymous_id",
            "uuid",
        ] {
            assert!(fresh_random_generator(&text(t)).is_none(), "{t}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_secret("f82ad78f695bd32f9d99"), "\"f82a…\" (20 chars)");
    }
}

/// Language-specific wording of the fixes rules suggest.
pub(crate) mod advice {
    use crate::facts::Language;

    /// How to get unix seconds now.
    pub(crate) fn seconds_now(lang: Language) -> &'static str {
        match lang {
            Language::JavaScript | Language::TypeScript => "Math.floor(Date.now() / 1000)",
            Language::Python => "int(time.time())",
            Language::Ruby => "Time.now.to_i",
            Language::Go => "time.Now().Unix()",
        }
    }

    /// How to turn a date value into unix seconds.
    pub(crate) fn seconds_of_date(lang: Language) -> &'static str {
        match lang {
            Language::JavaScript | Language::TypeScript => "Math.floor(date.getTime() / 1000)",
            Language::Python => "int(dt.timestamp())",
            Language::Ruby => "time.to_i",
            Language::Go => "t.Unix()",
        }
    }

    /// How to take a call off the request path.
    pub(crate) fn off_request_path(lang: Language) -> &'static str {
        match lang {
            Language::JavaScript | Language::TypeScript => {
                "send it without awaiting (add .catch), from a job queue, or on serverless after the response (Next.js after(), waitUntil)"
            }
            Language::Python => {
                "move it to a background job (Celery .delay(), RQ, FastAPI BackgroundTasks)"
            }
            Language::Ruby => {
                "move it to a background job (ActiveJob perform_later, Sidekiq perform_async)"
            }
            Language::Go => "send it from a goroutine or a queue",
        }
    }

    /// Rate limiters people use in each language.
    pub(crate) fn limiter(lang: Language) -> &'static str {
        match lang {
            Language::JavaScript | Language::TypeScript => "Bottleneck or p-limit",
            Language::Python => {
                "a rate limiter (ratelimit, aiolimiter, asyncio.Semaphore) or time.sleep"
            }
            Language::Ruby => "a rate limiter or sleep between calls",
            Language::Go => "golang.org/x/time/rate (limiter.Wait)",
        }
    }
}
