//! The program model: the project's own functions and the calls between them, lowered the
//! same way by every language, so that one resolver (`crate::resolve`) can follow a
//! Customer.io call through the project's helpers, wrappers and classes.
//!
//! Extractors only say what the syntax is (`trackEvent(user.email, "Signed Up")` calls a
//! function named `trackEvent` imported from `./analytics` with two arguments, inside a loop
//! of a request handler); the resolver decides what it leads to.

use crate::facts::{Attr, Expr, Outcome, ScopeId, Span};
use serde::Serialize;

/// Module paths that are not relative to the importing file (`@/lib/cio`, `~/utils`, a
/// workspace package) carry this prefix until the resolver maps them to a file.
pub const ALIAS_PREFIX: &str = "alias:";

/// What a call of a project function names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Callee {
    /// `f(...)`: a function of this file or package, or a name imported from `module`
    /// (`export` is the name it has there).
    Function {
        name: String,
        module: Option<String>,
        export: Option<String>,
    },
    /// `recv.m(...)`: a method. `class` is the receiver's class when the syntax says it
    /// (`C.m()`, `new C().m()`, a field typed or assigned as `C`, `self` inside `C`).
    Method {
        receiver: String,
        class: Option<String>,
        name: String,
    },
    /// `new C(...)`, Python `C(...)`, Ruby `C.new(...)`: runs the class's constructor.
    Construct { class: String },
}

impl Callee {
    pub fn name(&self) -> &str {
        match self {
            Callee::Function { name, .. } | Callee::Method { name, .. } => name,
            Callee::Construct { class } => class,
        }
    }
}

/// The method name of a call that may run any method of its class (Ruby's
/// `send(name_param, ...)`); its receiver is the parameter that holds the name.
pub const ANY_METHOD: &str = "*";

/// One argument of a project call.
#[derive(Debug, Clone, Serialize)]
pub struct Arg {
    /// The keyword a keyword argument is passed under (`email=...`, Ruby `email: ...`).
    pub keyword: Option<String>,
    pub expr: Expr,
    /// The entries of an object, dict or hash literal argument, flattened as call payloads are.
    pub attrs: Vec<Attr>,
    /// Spreads inside such a literal (`...req.body`, `**data`).
    pub spreads: Vec<Expr>,
}

/// A call of something that is not a Customer.io SDK: maybe a project function that leads
/// to one.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectCall {
    pub callee: Callee,
    pub args: Vec<Arg>,
    pub scope: ScopeId,
    pub loop_id: Option<u32>,
    pub outcome: Outcome,
    /// The caller waits for the callee to finish: awaited, or a synchronous call.
    pub waits: bool,
    /// Runs in a job, goroutine, background task or executor rather than inline.
    pub deferred: bool,
    pub after_response: bool,
    pub concurrent_group: Option<u32>,
    pub order: u32,
    pub span: Span,
}

/// A class (or Go struct type, Ruby class/module) of this file.
#[derive(Debug, Clone, Serialize)]
pub struct ClassDef {
    pub name: String,
    pub base: Option<String>,
    pub span: Span,
}

/// A name a module passes on from another: `export { track } from "./track"` (JavaScript
/// barrels), `from .track import track` in a Python `__init__.py`. `name` and `local` are
/// `*` for `export * from`.
#[derive(Debug, Clone, Serialize)]
pub struct Reexport {
    /// The name importers use.
    pub name: String,
    /// The name in `module`.
    pub local: String,
    pub module: String,
}
