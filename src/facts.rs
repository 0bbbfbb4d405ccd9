//! The language-neutral model every extractor produces and every rule reads.
//!
//! Rules never see syntax trees: an extractor turns one file into [`FileFacts`] (its
//! Customer.io clients, the calls made on them, and the context around each call), and the
//! rules judge those facts. Adding a language means one extractor; a rule written against
//! these types works for every language at once.

use serde::Serialize;
use thin_vec::ThinVec;

/// Index of a function in [`FileFacts::functions`]; 0 is the module (top-level) scope.
pub type ScopeId = u32;
pub const MODULE_SCOPE: ScopeId = 0;

/// A source range: byte offsets plus 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    JavaScript,
    TypeScript,
    Python,
    Ruby,
    Go,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Python => "python",
            Language::Ruby => "ruby",
            Language::Go => "go",
        }
    }
}

/// Which Customer.io API a client talks to; it decides units, auth and error semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ClientKind {
    /// Track API (`track.customer.io`): site id + Track API key, unix-seconds timestamps.
    Track,
    /// App API (`api.customer.io`): App API key (Bearer), transactional sends, broadcasts.
    App,
    /// Data Pipelines (`cdp.customer.io`) and the mobile SDKs: write key, batched queue.
    Pipelines,
}

/// The library (or raw HTTP) a client comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Sdk {
    /// npm `customerio-node` (TrackClient, APIClient, PipelinesClient, legacy default export).
    CustomerioNode,
    /// npm `@customerio/cdp-analytics-node`.
    CdpAnalyticsNode,
    /// npm `@customerio/cdp-analytics-browser`.
    CdpAnalyticsBrowser,
    /// The legacy Journeys web snippet, global `_cio`.
    LegacySnippet,
    /// npm `customerio-reactnative`.
    ReactNative,
    /// A hand-written HTTP request to a Customer.io host.
    RawHttp,
    /// PyPI `customerio` (CustomerIO, APIClient).
    CustomerioPython,
    /// PyPI `customerio-cdp-analytics` (`customerio.analytics`).
    CdpAnalyticsPython,
    /// PyPI `async-customerio` (community, asyncio).
    AsyncCustomerio,
    /// RubyGems `customerio` (Customerio::Client, Customerio::APIClient).
    CustomerioRuby,
    /// Go `github.com/customerio/go-customerio`.
    GoCustomerio,
    /// Go `github.com/customerio/cdp-analytics-go`.
    CdpAnalyticsGo,
}

impl Sdk {
    pub fn display(self) -> &'static str {
        match self {
            Sdk::CustomerioNode => "customerio-node",
            Sdk::CdpAnalyticsNode => "@customerio/cdp-analytics-node",
            Sdk::CdpAnalyticsBrowser => "@customerio/cdp-analytics-browser",
            Sdk::LegacySnippet => "the _cio web snippet",
            Sdk::ReactNative => "customerio-reactnative",
            Sdk::RawHttp => "a raw HTTP request",
            Sdk::CustomerioPython => "customerio (Python)",
            Sdk::CdpAnalyticsPython => "customerio.analytics (Python)",
            Sdk::AsyncCustomerio => "async_customerio",
            Sdk::CustomerioRuby => "the customerio gem",
            Sdk::CdpAnalyticsGo => "cdp-analytics-go",
            Sdk::GoCustomerio => "go-customerio",
        }
    }

    /// The SDK turns date objects in attributes into unix seconds itself (Python
    /// `customerio` `_sanitize`), so a `datetime` is not a mistake there.
    pub fn converts_dates(self) -> bool {
        matches!(self, Sdk::CustomerioPython)
    }

    /// Calls of these SDKs return a promise that rejects on API failure.
    pub fn returns_rejecting_promise(self) -> bool {
        matches!(self, Sdk::CustomerioNode | Sdk::RawHttp)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ClientInfo {
    pub sdk: Sdk,
    pub kind: ClientKind,
}

impl ClientInfo {
    pub const fn track(sdk: Sdk) -> ClientInfo {
        ClientInfo {
            sdk,
            kind: ClientKind::Track,
        }
    }

    /// Track and App API clients: synchronous HTTP per call, unix-seconds timestamps, and
    /// (for Track) no merging of events sent before identify.
    pub fn is_track_family(&self) -> bool {
        matches!(self.kind, ClientKind::Track | ClientKind::App)
    }
}

/// The role a constructor argument plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CredentialRole {
    SiteId,
    TrackApiKey,
    AppApiKey,
    WriteKey,
}

impl CredentialRole {
    pub fn display(self) -> &'static str {
        match self {
            CredentialRole::SiteId => "site id",
            CredentialRole::TrackApiKey => "Track API key",
            CredentialRole::AppApiKey => "App API key",
            CredentialRole::WriteKey => "Pipelines write key",
        }
    }
}

/// Time units and time-like types a value can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TimeUnit {
    Seconds,
    Millis,
    Micros,
    Nanos,
    /// A date object (`Date`, `datetime`, `Time`, `time.Time`, moment/dayjs objects).
    DateObject,
    /// An ISO-8601 string (`toISOString()`, `isoformat()`, `iso8601`).
    IsoString,
}

/// What an expression evaluates to, as far as local knowledge tells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A string built from pieces: template literals, f-strings, `+` concatenation.
    Interpolated {
        literal_parts: Vec<String>,
        holes: Vec<Expr>,
    },
    /// An identifier or member path: `user.email` is `["user", "email"]`.
    Path(Vec<String>),
    /// An environment variable lookup, by name.
    Env(String),
    Timestamp(TimeUnit),
    /// One of several values: `a || b`, `a ?? b`, `cond ? a : b`.
    OneOf(Vec<Value>),
    Object,
    /// A list literal and its number of entries (`None` when an entry is spread in).
    Array(Option<usize>),
    /// The result of a call we know nothing about, by callee text.
    Call(String),
    Unknown,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The last segment of a path value (`user.email` → `email`).
    pub fn path_leaf(&self) -> Option<&str> {
        match self {
            Value::Path(p) => p.last().map(String::as_str),
            _ => None,
        }
    }

    /// Every alternative of this value (itself when it is not a `OneOf`).
    pub fn alternatives(&self) -> Vec<&Value> {
        match self {
            Value::OneOf(vs) => vs.iter().flat_map(Value::alternatives).collect(),
            v => vec![v],
        }
    }
}

/// An expression as it appears in the source: its value, where it is and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub value: Value,
    pub span: Span,
    /// The source text, whitespace-collapsed and cut to a readable length.
    pub text: String,
    /// The constant or variable name the value was resolved through (`const appKey = "…"`).
    pub via: Option<String>,
}

/// A constructor argument with the credential role its position gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Credential {
    pub role: CredentialRole,
    pub expr: Expr,
}

/// How a client's lifetime relates to the function that builds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lifetime {
    /// Built once at module scope (or as a class's constructed member).
    Shared,
    /// Built lazily once and cached (`client ??= new …`, `if (!client) client = …`).
    Memoized,
    /// Built inside a function and used or dropped there.
    Local,
    /// Built and returned by a factory function.
    Returned,
}

#[derive(Debug, Clone, Serialize)]
pub struct Client {
    pub info: ClientInfo,
    pub credentials: Vec<Credential>,
    pub scope: ScopeId,
    pub loop_id: Option<u32>,
    pub lifetime: Lifetime,
    /// The name the client is bound to, if any.
    pub binding: Option<String>,
    /// The function that builds it also calls it.
    pub used_in_scope: bool,
    pub span: Span,
    /// A region given positionally where the SDK's parameter at that position is another
    /// one (Python `CustomerIO(site, key, Regions.EU)`: the third parameter is `host`). The
    /// expression's `via` names that parameter.
    pub misplaced_region: Option<Expr>,
    /// What the construction says about the data region.
    pub region: RegionSetting,
    /// Whether the construction hands the SDK an HTTP client of its own (Go
    /// `customerio.WithHTTPClient(hc)`): the only way to set a timeout on go-customerio 3.8
    /// and older, which build theirs without one.
    pub http_client: OptionGiven,
}

impl Client {
    /// A client built at `span`, with nothing known yet of its region or options.
    pub fn new(
        info: ClientInfo,
        credentials: Vec<Credential>,
        scope: ScopeId,
        loop_id: Option<u32>,
        lifetime: Lifetime,
        binding: Option<String>,
        span: Span,
    ) -> Client {
        Client {
            info,
            credentials,
            scope,
            loop_id,
            lifetime,
            binding,
            used_in_scope: false,
            span,
            misplaced_region: None,
            region: RegionSetting::Unseen,
            http_client: OptionGiven::Unseen,
        }
    }
}

/// Whether a constructor option is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OptionGiven {
    Given,
    /// Every option is visible and none is it.
    Absent,
    /// Options the extractor cannot see (`opts...`, a variable), or a language that does
    /// not record it.
    Unseen,
}

/// How an event call passes its data where SDK majors disagree on the shape: Python
/// `customerio` 2.x takes event data as keyword arguments and 3.x as one `data` dict; the
/// Ruby gem 6.x reads `key: value` pairs without braces as keyword parameters (`id:`,
/// `timestamp:`), where 5.x took them as the attributes hash.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventArgs {
    /// The one argument holding the event data: Python `data=` or a positional dict, a Ruby
    /// hash in braces or a variable.
    pub data_argument: Option<Span>,
    /// How the data argument is given: `data=` (Python) rather than by position.
    pub data_by_keyword: bool,
    /// Event data as loose keyword arguments (Python `plan="pro"`, Ruby `plan: "pro"`
    /// without braces), with their spans.
    pub data_keywords: Vec<(String, Span)>,
    /// The SDK's own options given by keyword (`id`, `timestamp`).
    pub option_keywords: Vec<(String, Span)>,
}

/// What a client's construction says about the Customer.io data region (US or EU). The
/// extractor reports what is written; which values mean EU is the rule's knowledge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RegionSetting {
    /// No region, host or URL option: the SDK's default region, US.
    Default,
    /// The region option, or the host/URL option that overrides it (a raw request's URL),
    /// as written: `RegionEU`, `Regions.EU`, `"https://cdp-eu.customer.io"`.
    Given(Expr),
    /// Options the extractor cannot see (a variable, a spread, `**kwargs`), or a client
    /// that is declared (a typed field or parameter) rather than built here.
    Unseen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    Identify,
    Track,
    TrackAnonymous,
    Page,
    Delete,
    Suppress,
    Unsuppress,
    Merge,
    AddDevice,
    DeleteDevice,
    Batch,
    SendEmail,
    SendMessage,
    TriggerBroadcast,
    /// Building a transactional request object (`new SendEmailRequest({...})`).
    BuildRequest,
    Read,
    /// Forgetting the identified person on this device (`reset()`, `clearIdentify()`).
    Reset,
    /// Sending what a batching client has queued (`closeAndFlush()`, `flush()`,
    /// `shutdown()`, Go `Close()`).
    Flush,
    Other,
}

impl Method {
    /// Methods that make an HTTP request (or enqueue one) when called.
    pub fn sends(self) -> bool {
        !matches!(self, Method::BuildRequest | Method::Reset | Method::Flush)
    }

    /// Methods the resolver follows through the project's wrappers: everything that sends,
    /// building a request object and forgetting the person.
    pub fn followed_through_wrappers(self) -> bool {
        self.sends() || matches!(self, Method::BuildRequest | Method::Reset | Method::Flush)
    }

    /// Methods that write person or event data.
    pub fn writes_people_data(self) -> bool {
        matches!(
            self,
            Method::Identify
                | Method::Track
                | Method::TrackAnonymous
                | Method::Page
                | Method::AddDevice
                | Method::Batch
        )
    }
}

/// What happens to the value (promise or error) a call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    Awaited,
    Returned,
    Assigned,
    /// A rejection handler is attached (`.catch`, two-argument `.then`).
    Caught,
    /// Passed to another call or collected in an array (`Promise.all`): someone else decides.
    Passed,
    /// Dropped: an expression statement or `void`.
    Discarded,
}

/// Which part of a call's payload an attribute came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Section {
    /// Person attributes / traits, or the top level of an event payload.
    Top,
    /// Event data / properties.
    Data,
}

/// One key/value pair sent in a call's payload (nested objects are flattened, keys kept).
#[derive(Debug, Clone, Serialize)]
pub struct Attr {
    pub key: String,
    pub key_span: Span,
    pub value: Expr,
    pub section: Section,
    pub depth: u8,
}

/// A call on a Customer.io client.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    pub client: ClientInfo,
    /// Index into [`FileFacts::clients`] when the client is built in this file.
    pub client_index: Option<usize>,
    pub method: Method,
    pub method_name: String,
    pub customer_id: Option<Expr>,
    pub event_name: Option<Expr>,
    /// The event timestamp when it is a separate argument or option.
    pub timestamp: Option<Box<Attr>>,
    pub attributes: Vec<Attr>,
    /// The attributes argument when it is not a literal object (`req.body`, a variable).
    pub payload: Option<Box<Expr>>,
    /// Spread/splat sources inside the payload (`...req.body`, `**data`).
    pub spreads: Vec<Expr>,
    pub outcome: Outcome,
    /// The caller waits for the request to finish before going on (an awaited promise, or
    /// any synchronous SDK call).
    pub waits: bool,
    /// Calls started together (`Promise.all([...])`) share a group.
    pub concurrent_group: Option<u32>,
    /// The call runs through a job proxy or queue rather than inline.
    pub deferred: bool,
    pub scope: ScopeId,
    pub loop_id: Option<u32>,
    /// A response was already sent earlier in the same handler.
    pub after_response: bool,
    /// Source order within the file.
    pub order: u32,
    pub span: Span,
    /// Where the receiver came from, when it went through a factory call.
    pub via_factory: Option<Box<FactoryUse>>,
    /// Set when the receiver could not be bound inside this file; the project link step
    /// resolves it (or drops the call).
    pub unresolved: Option<Unresolved>,
    /// Set on calls the resolver derived through project functions: index into
    /// [`FileFacts::forwarded`].
    pub forwarded: Option<u32>,
    /// A hand-written HTTP request: its URL and verb as written, so a request helper
    /// (`cioRequest(path, method, body)`) can be classified at each of its call sites.
    pub request: Option<Box<RawRequest>>,
    /// Who an API-triggered broadcast goes to, as the trigger (or its request object) names
    /// them; kept on calls derived through project functions.
    pub recipients: Option<Box<Recipients>>,
    /// How an event call passes its data (Python and Ruby `track`/`track_anonymous`).
    pub event_args: Option<Box<EventArgs>>,
}

/// The audience field of a broadcast trigger (`ids`, `emails`, `per_user_data`,
/// `data_file_url`, `segment`), or none: the broadcast's own segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recipients {
    /// The field as the API names it (`ids`, `emails`, `per_user_data`, `data_file_url`,
    /// `segment`), whatever the SDK spells it (`Ids`, `PerUserData`).
    pub field: String,
    /// How many recipients the field lists when it is a literal list (`ids: [user.id]` is 1).
    pub listed: Option<usize>,
    pub span: Span,
}

/// The URL and verb of a hand-written HTTP request to Customer.io.
#[derive(Debug, Clone, Serialize)]
pub struct RawRequest {
    pub url: Expr,
    /// The verb when it is an expression (`method` of `cioRequest(path, method)`).
    pub verb: Option<Expr>,
    /// The verb when the syntax says it (`axios.put`, `method: "PUT"`).
    pub verb_text: Option<String>,
}

/// A place in another file (or this one) a derived fact comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub path: String,
    pub span: Span,
}

/// How a call was derived: `trackSignup(user)` here leads, through the functions named in
/// `via`, to the Customer.io call at `sdk_call`.
#[derive(Debug, Clone, Serialize)]
pub struct Forwarded {
    /// The project function called here (`trackSignup`).
    pub function: String,
    /// The call of it in this file.
    pub site: Span,
    /// The chain ends in building a client (`new Wrapper()` whose constructor builds one),
    /// not in a call.
    pub builds_client: bool,
    /// The Customer.io call the chain ends in.
    pub sdk_call: Location,
    /// The intermediate call sites, outermost first (not counting this call).
    pub via: Vec<Location>,
    /// Spans of this file's argument expressions → the span they replace inside the callee,
    /// so a finding judged here supersedes the same finding on the parameter there.
    pub substituted: Vec<(Span, Location)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Unresolved {
    /// A name imported from another file of the project (module path as resolved on disk,
    /// without extension) and the export it names.
    Import {
        module: String,
        export: String,
        factory: bool,
    },
    /// An unbound receiver whose name is unmistakably a Customer.io client (`cio`).
    ReceiverName(String),
}

/// A client or factory this module exports, for binding imports in other files.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub name: String,
    pub client: ClientInfo,
    pub factory: bool,
    /// A getter that returns one shared client, not a fresh one per call.
    pub shared: bool,
    pub client_span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactoryUse {
    pub function: String,
    pub span: Span,
    pub client_span: Span,
    /// The file that builds the client, when it is not this one.
    pub client_path: Option<String>,
    /// The function the factory is called in.
    pub scope: ScopeId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FunctionKind {
    Module,
    Function,
    Method,
    Arrow,
}

#[derive(Debug, Clone, Serialize)]
pub struct FunctionCtx {
    pub id: ScopeId,
    pub parent: Option<ScopeId>,
    pub name: Option<String>,
    pub kind: FunctionKind,
    pub is_async: bool,
    pub is_request_handler: bool,
    /// The route path of a request handler, when known (`/signup`).
    pub route: Option<String>,
    pub span: Span,
    /// Parameter names in order (`self`/receiver excluded; empty for destructured ones).
    /// Ruby marks keyword parameters `name:`, splats `*args` / `**opts` and blocks `&blk`.
    pub params: Vec<String>,
    /// The class (struct type, Ruby module) a method belongs to.
    pub class: Option<String>,
}

impl FunctionCtx {
    /// A function with nothing known of it yet but where it sits and what it is called.
    pub fn new(
        id: ScopeId,
        parent: Option<ScopeId>,
        name: Option<String>,
        kind: FunctionKind,
    ) -> Self {
        FunctionCtx {
            id,
            parent,
            name,
            kind,
            is_async: false,
            is_request_handler: false,
            route: None,
            span: Span::default(),
            params: Vec::new(),
            class: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LoopCtx {
    pub id: u32,
    pub scope: ScopeId,
    pub span: Span,
    /// The loop waits between iterations or runs its body through a limiter.
    pub throttled: bool,
    /// Text shown in messages: `for…of`, `.map()`, `Promise.all(…map())`.
    pub kind: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvRead {
    pub name: String,
    pub span: Span,
}

/// A string literal assigned to a credential-like name (`apiKey: "…"`, `CIO_KEY = "…"`).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialAssignment {
    pub name: String,
    /// The enclosing object keys, outermost first (`customerio` in `{customerio: {apiKey}}`).
    pub context: Vec<String>,
    pub value: Expr,
    /// The type whose field this is, when it is set for every value of a type (a Go struct
    /// field tagged `env:"CIO_SITE_ID"`, `Config{SiteID: os.Getenv(…)}`): then `context` is
    /// the path inside the type and the field is reached through any value of it.
    pub holder_type: Option<String>,
}

/// How a reporting-webhook handler checks that a request comes from Customer.io.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Verification {
    /// HMAC-SHA256 of `X-CIO-Signature` with a constant-time compare, or a verifier on the
    /// handler's chain (helper, middleware, hook, decorator, `before_action`).
    Verified,
    Missing,
    /// The signature is compared with `==` (timing attack).
    NonConstantCompare(Span),
    /// The check runs only when the signing key is configured.
    SkippedWhenKeyUnset(Span),
    /// A shared static token instead of the signature.
    StaticToken(Span),
    /// The signature is checked, but a failed check only logs: the request goes on.
    NotEnforced(Span),
    /// The HMAC signs something other than `v0:<timestamp>:<raw body>`.
    WrongSignedString(Span),
}

/// A request handler that receives Customer.io reporting webhooks.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookHandler {
    pub scope: ScopeId,
    pub span: Span,
    pub route: Option<String>,
    pub verification: Verification,
    /// How the handler (or a same-file helper it calls) dispatches on the payload's `metric`.
    pub dispatch: Option<MetricDispatch>,
}

/// A `switch`/`case`/`match` or `if` chain on the reporting metric.
#[derive(Debug, Clone, Serialize)]
pub struct MetricDispatch {
    /// The first dispatching construct.
    pub span: Span,
    /// Every metric its branches name (`opened`, `subscribed`, …).
    pub metrics: Vec<String>,
    /// Where the other metrics go: a `default`/`else`/`case _` branch, or the body of a
    /// guard such as `if metric != "subscribed"`.
    pub defaults: Vec<DefaultBranch>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultBranch {
    pub span: Span,
    /// The body does something beyond logging and answering the request.
    pub acts: bool,
}

/// A branch on a delivery metric (`if metric == "bounced"`, `case "spammed":`).
#[derive(Debug, Clone, Serialize)]
pub struct MetricBranch {
    pub metrics: Vec<String>,
    pub span: Span,
    /// The body does something beyond logging and answering the request.
    pub acts: bool,
    /// An entry of a metric map (`"bounced": None`) rather than a branch; `acts` is whether
    /// it maps the metric to anything.
    pub mapped: bool,
}

/// What kind of code ends as soon as it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ShortLivedKind {
    /// A serverless or edge function: a Next.js API route or route handler, a server
    /// action, an exported Lambda/Netlify `handler`, a Worker's `fetch`.
    Serverless,
    /// A script or command: `if __name__ == "__main__":`, a Node script, a Go command's
    /// `main`, a Django management command.
    Script,
    /// A background job run by a worker that may exit after it: Celery, RQ.
    Task,
}

/// Code whose invocation or process ends when it returns, so nothing it leaves queued in
/// memory is sent afterwards.
#[derive(Debug, Clone, Serialize)]
pub struct ShortLived {
    pub kind: ShortLivedKind,
    /// The function; the module scope for a `__main__` block or a whole script file.
    pub scope: ScopeId,
    /// The code it covers (the `if __name__ == "__main__":` block inside the module).
    pub span: Span,
    /// What it is, for messages: "the Next.js API route", "the Celery task `sync_user`".
    pub label: String,
}

/// A module a file imports (`import … from "m"`, `require("m")`), as written.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleImport {
    pub module: String,
    /// The local names it binds.
    pub names: Vec<String>,
    /// Types only (`import type …`): erased at build time, nothing is bundled.
    pub type_only: bool,
    pub span: Span,
}

/// A call of a named function or method, whatever it calls (`signOut()`, `auth.logout()`):
/// the name is the callee's last segment.
#[derive(Debug, Clone, Serialize)]
pub struct Invocation {
    pub name: String,
    pub scope: ScopeId,
    pub span: Span,
}

/// Everything one file says about its Customer.io integration.
#[derive(Debug, Clone, Serialize)]
pub struct FileFacts {
    pub path: String,
    pub language: Language,
    pub clients: Vec<Client>,
    pub calls: Vec<Call>,
    pub functions: Vec<FunctionCtx>,
    pub loops: ThinVec<LoopCtx>,
    /// Calls of the project's own functions and classes (see [`crate::model`]).
    pub project_calls: ThinVec<crate::model::ProjectCall>,
    pub classes: ThinVec<crate::model::ClassDef>,
    pub reexports: ThinVec<crate::model::Reexport>,
    /// Calls the resolver derived from project calls: not visible in this file's syntax.
    pub forwarded: ThinVec<Forwarded>,
    pub env_reads: ThinVec<EnvRead>,
    pub credential_assignments: ThinVec<CredentialAssignment>,
    /// Type fields set from the environment in the other files of this file's package
    /// (Go: the same directory), gathered by the link step: a config struct declared in
    /// `config.go` and read in `customerio.go`.
    pub package_fields: ThinVec<CredentialAssignment>,
    /// Factory functions in this file that build and return a fresh client.
    pub factories: ThinVec<String>,
    pub exports: ThinVec<Export>,
    pub webhooks: ThinVec<WebhookHandler>,
    pub metric_branches: ThinVec<MetricBranch>,
    /// `ciolint-ignore` comments in this file.
    pub suppressions: ThinVec<crate::suppress::Suppression>,
    /// Delivery metrics (`bounced`, `dropped`, `spammed`) named as strings in this file.
    pub metric_mentions: ThinVec<String>,
    /// SDKs this file imports, whether or not it builds a client.
    pub sdk_imports: ThinVec<Sdk>,
    /// The modules this file imports (JavaScript/TypeScript).
    pub imports: ThinVec<ModuleImport>,
    /// The file's directive prologue (`"use client"`, `"use server"`), without quotes.
    pub directives: ThinVec<String>,
    /// Calls of named functions and methods (JavaScript/TypeScript).
    pub invocations: ThinVec<Invocation>,
    /// Serverless handlers, scripts and jobs: code that ends when it returns.
    pub short_lived: ThinVec<ShortLived>,
    /// Problems reading or parsing the file, shown to the user as notes.
    pub notes: ThinVec<String>,
    /// The text the spans point into: fixes are written against it, and `--fix` applies
    /// them only while the file on disk still holds exactly this text.
    #[serde(skip)]
    pub source: SourceText,
}

/// A file's text: held in memory, or released once lowered and read again from disk when a
/// rule or a fix asks for it, so that a run over many files never holds all their text.
#[derive(Debug, Clone)]
pub enum SourceText {
    Held(std::sync::Arc<str>),
    Released {
        origin: std::path::PathBuf,
        /// The text's digest when it was lowered: text read again that differs (the file
        /// changed during the run) is not the text the spans point into.
        digest: u64,
    },
}

impl Default for SourceText {
    fn default() -> Self {
        SourceText::Held(std::sync::Arc::from(""))
    }
}

impl SourceText {
    pub fn held(text: impl Into<std::sync::Arc<str>>) -> Self {
        SourceText::Held(text.into())
    }

    /// Where a released text is read again from.
    pub fn origin(&self) -> Option<&std::path::Path> {
        match self {
            SourceText::Held(_) => None,
            SourceText::Released { origin, .. } => Some(origin),
        }
    }

    /// Let go of the text, to be read again from `origin` on demand.
    pub fn release(&mut self, origin: std::path::PathBuf) {
        if let SourceText::Held(text) = self {
            let digest = digest(text);
            *self = SourceText::Released { origin, digest };
        }
    }

    /// The text the spans point into; empty when the file changed on disk since it was
    /// lowered or can no longer be read (text-based checks and fixes then stay silent).
    pub fn text(&self) -> std::sync::Arc<str> {
        match self {
            SourceText::Held(text) => text.clone(),
            SourceText::Released {
                origin,
                digest: expected,
            } => std::fs::read(origin)
                .ok()
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .filter(|text| digest(text) == *expected)
                .map_or_else(|| std::sync::Arc::from(""), std::sync::Arc::from),
        }
    }
}

fn digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl FileFacts {
    /// The function of `scope` returns a client it builds: calling it builds one.
    pub fn mark_factory(&mut self, scope: ScopeId) {
        if let Some(name) = self
            .functions
            .get(scope as usize)
            .and_then(|f| f.name.clone())
            && !self.factories.contains(&name)
        {
            self.factories.push(name);
        }
    }

    pub fn new(path: String, language: Language) -> Self {
        FileFacts {
            path,
            language,
            clients: Vec::new(),
            calls: Vec::new(),
            functions: Vec::new(),
            loops: ThinVec::new(),
            project_calls: ThinVec::new(),
            classes: ThinVec::new(),
            reexports: ThinVec::new(),
            forwarded: ThinVec::new(),
            env_reads: ThinVec::new(),
            credential_assignments: ThinVec::new(),
            package_fields: ThinVec::new(),
            factories: ThinVec::new(),
            exports: ThinVec::new(),
            webhooks: ThinVec::new(),
            metric_branches: ThinVec::new(),
            metric_mentions: ThinVec::new(),
            suppressions: ThinVec::new(),
            sdk_imports: ThinVec::new(),
            imports: ThinVec::new(),
            directives: ThinVec::new(),
            invocations: ThinVec::new(),
            short_lived: ThinVec::new(),
            notes: ThinVec::new(),
            source: SourceText::default(),
        }
    }

    /// Give back the room the extractor's growing lists left unused: facts of every file
    /// stay in memory until the rules are done.
    pub fn shrink_to_fit(&mut self) {
        self.clients.shrink_to_fit();
        self.calls.shrink_to_fit();
        for c in &mut self.calls {
            c.attributes.shrink_to_fit();
        }
        self.functions.shrink_to_fit();
        self.loops.shrink_to_fit();
        self.project_calls.shrink_to_fit();
        for p in &mut self.project_calls {
            p.args.shrink_to_fit();
            for a in &mut p.args {
                a.attrs.shrink_to_fit();
            }
        }
        self.classes.shrink_to_fit();
        self.reexports.shrink_to_fit();
        self.env_reads.shrink_to_fit();
        self.credential_assignments.shrink_to_fit();
        self.exports.shrink_to_fit();
        self.webhooks.shrink_to_fit();
        self.metric_branches.shrink_to_fit();
        self.suppressions.shrink_to_fit();
        self.imports.shrink_to_fit();
        self.invocations.shrink_to_fit();
        self.short_lived.shrink_to_fit();
    }

    /// Drop the loops nothing of the file sits in, numbering the rest again: most loops of a
    /// file hold neither a Customer.io call nor a call the resolver follows.
    pub fn drop_unreferenced_loops(&mut self) {
        let mut used = vec![false; self.loops.len()];
        let ids = self
            .calls
            .iter()
            .map(|c| c.loop_id)
            .chain(self.project_calls.iter().map(|p| p.loop_id))
            .chain(self.clients.iter().map(|c| c.loop_id));
        for id in ids.flatten() {
            if let Some(u) = used.get_mut(id as usize) {
                *u = true;
            }
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let mut renumbered: Vec<Option<u32>> = vec![None; used.len()];
        for (next, (slot, _)) in renumbered
            .iter_mut()
            .zip(&used)
            .filter(|(_, u)| **u)
            .enumerate()
        {
            *slot = Some(next as u32);
        }
        let loops = std::mem::take(&mut self.loops);
        self.loops = loops
            .into_iter()
            .zip(&renumbered)
            .filter_map(|(mut l, id)| {
                l.id = (*id)?;
                Some(l)
            })
            .collect();
        let renumber = |id: &mut Option<u32>| {
            *id = id.and_then(|i| renumbered.get(i as usize).copied().flatten());
        };
        self.calls.iter_mut().for_each(|c| renumber(&mut c.loop_id));
        self.project_calls
            .iter_mut()
            .for_each(|p| renumber(&mut p.loop_id));
        self.clients
            .iter_mut()
            .for_each(|c| renumber(&mut c.loop_id));
    }

    /// Functions stay in the order of their ids, which are not positions once the anonymous
    /// functions nothing refers to are dropped.
    pub fn function(&self, id: ScopeId) -> Option<&FunctionCtx> {
        self.functions
            .binary_search_by_key(&id, |g| g.id)
            .ok()
            .map(|i| &self.functions[i])
    }

    /// Drop the anonymous functions (callbacks, lambdas, blocks) that nothing of the file sits
    /// in: no client, call, loop, project call, handler or invocation names them or a function
    /// nested in them. Named functions stay, as the resolver finds them by name, and so do the
    /// ancestors of every function kept, so that scope chains stay whole. A function nothing
    /// sits in forwards no parameter, so its parameters go too, unless `reads_params` (a rule
    /// that reads them) says otherwise.
    pub fn drop_unreferenced_functions(&mut self, reads_params: impl Fn(&FunctionCtx) -> bool) {
        let position = |id: ScopeId| self.functions.binary_search_by_key(&id, |g| g.id).ok();
        let mut reached = vec![false; self.functions.len()];
        let referenced = self
            .clients
            .iter()
            .map(|c| c.scope)
            .chain(self.calls.iter().flat_map(|c| {
                std::iter::once(c.scope).chain(c.via_factory.as_ref().map(|v| v.scope))
            }))
            .chain(self.loops.iter().map(|l| l.scope))
            .chain(self.project_calls.iter().map(|p| p.scope))
            .chain(self.webhooks.iter().map(|w| w.scope))
            .chain(self.short_lived.iter().map(|s| s.scope))
            .chain(self.invocations.iter().map(|i| i.scope));
        for id in referenced {
            let mut cur = position(id);
            while let Some(i) = cur {
                if reached[i] {
                    break;
                }
                reached[i] = true;
                cur = self.functions[i].parent.and_then(position);
            }
        }
        if reached.iter().all(|r| *r) {
            return;
        }
        let mut reached = reached.into_iter();
        self.functions.retain_mut(|g| {
            if reached.next().unwrap_or(true) {
                return true;
            }
            if g.id != MODULE_SCOPE && g.name.is_none() && !g.is_request_handler {
                return false;
            }
            if !reads_params(g) {
                g.params = Vec::new();
            }
            true
        });
    }

    /// Whether `scope` is `ancestor` or nested inside it.
    pub fn scope_within(&self, scope: ScopeId, ancestor: ScopeId) -> bool {
        let mut cur = Some(scope);
        while let Some(s) = cur {
            if s == ancestor {
                return true;
            }
            cur = self.function(s).and_then(|g| g.parent);
        }
        false
    }

    /// The nearest enclosing function (this one or a parent) that is a request handler.
    pub fn enclosing_handler(&self, scope: ScopeId) -> Option<&FunctionCtx> {
        let mut cur = self.function(scope);
        while let Some(f) = cur {
            if f.is_request_handler {
                return Some(f);
            }
            cur = f.parent.and_then(|p| self.function(p));
        }
        None
    }

    pub fn loop_ctx(&self, id: u32) -> Option<&LoopCtx> {
        self.loops.get(id as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(id: ScopeId, parent: Option<ScopeId>, name: Option<&str>) -> FunctionCtx {
        FunctionCtx::new(id, parent, name.map(str::to_string), FunctionKind::Arrow)
    }

    #[test]
    fn anonymous_functions_that_hold_nothing_are_dropped_and_scope_chains_stay_whole() {
        let mut f = FileFacts::new("jobs/sync.ts".into(), Language::TypeScript);
        f.functions = vec![
            function(0, None, None),
            // `items.map((x) => x.total)`: holds nothing.
            function(1, Some(0), None),
            // `export async function syncUsers()`
            function(2, Some(0), Some("syncUsers")),
            // `users.forEach((u) => { ... })` in it, and a callback nested in that one.
            function(3, Some(2), None),
            function(4, Some(3), None),
            function(5, Some(4), None),
        ];
        f.invocations.push(Invocation {
            name: "flush".into(),
            scope: 4,
            span: Span::default(),
        });
        f.functions[2].params = vec!["users".into()];
        f.functions[3].params = vec!["u".into()];
        f.drop_unreferenced_functions(|_| false);
        let ids: Vec<ScopeId> = f.functions.iter().map(|g| g.id).collect();
        assert_eq!(ids, vec![0, 2, 3, 4]);
        assert!(f.function(1).is_none());
        assert_eq!(f.function(4).and_then(|g| g.parent), Some(3));
        assert!(
            f.scope_within(4, 2),
            "the chain from the callback to its function"
        );
        assert_eq!(
            f.function(2).and_then(|g| g.name.as_deref()),
            Some("syncUsers")
        );
        assert_eq!(f.function(3).map(|g| g.params.len()), Some(1));
        assert_eq!(f.function(2).map(|g| g.params.len()), Some(1));
    }

    #[test]
    fn named_functions_nothing_sits_in_stay_without_their_parameters() {
        let mut f = FileFacts::new("lib/format.ts".into(), Language::TypeScript);
        f.functions = vec![
            function(0, None, None),
            function(1, Some(0), Some("formatPrice")),
            function(2, Some(0), Some("logout")),
        ];
        for g in &mut f.functions[1..] {
            g.params = vec!["state".into(), "action".into()];
        }
        f.drop_unreferenced_functions(|g| g.name.as_deref() == Some("logout"));
        assert_eq!(f.functions.len(), 3, "named functions stay");
        assert!(f.function(1).is_some_and(|g| g.params.is_empty()));
        assert_eq!(f.function(2).map(|g| g.params.len()), Some(2));
    }

    #[test]
    fn released_text_reads_back_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("track.js");
        let text = "cio.track(user.id, { name: \"signup\" });\n";
        std::fs::write(&path, text).unwrap();
        let mut source = SourceText::held(text);
        source.release(path.clone());
        assert!(matches!(source, SourceText::Released { .. }));
        assert_eq!(&*source.text(), text);

        std::fs::write(&path, "cio.track(user.id, { name: \"sign_up\" });\n").unwrap();
        assert_eq!(
            &*source.text(),
            "",
            "spans no longer point into the changed text"
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(&*source.text(), "");
    }
}
