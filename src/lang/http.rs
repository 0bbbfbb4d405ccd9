//! Hand-written HTTP requests to Customer.io: which API a URL addresses, which operation
//! its path names, and where the customer id sits in it.

use super::builder::CallDraft;
use crate::facts::{ClientInfo, ClientKind, Expr, Method, RawRequest, Sdk, Span, Value};

/// What a Customer.io URL addresses.
pub(crate) struct Endpoint {
    pub kind: ClientKind,
    pub path: String,
    pub customer_id: Option<Expr>,
}

impl Endpoint {
    pub(crate) fn method_for(&self, http: Option<&str>) -> Method {
        let p = self.path.as_str();
        match self.kind {
            ClientKind::Track => {
                if p.ends_with("/batch") {
                    Method::Batch
                } else if p.contains("/customers/{}/events") {
                    Method::Track
                } else if p.ends_with("/events") {
                    Method::TrackAnonymous
                } else if p.contains("/customers/{}/devices") {
                    if http == Some("DELETE") {
                        Method::DeleteDevice
                    } else {
                        Method::AddDevice
                    }
                } else if p.ends_with("/suppress") {
                    Method::Suppress
                } else if p.ends_with("/unsuppress") {
                    Method::Unsuppress
                } else if p.contains("merge_customers") {
                    Method::Merge
                } else if p.ends_with("/customers/{}") {
                    if http == Some("DELETE") {
                        Method::Delete
                    } else {
                        Method::Identify
                    }
                } else {
                    Method::Other
                }
            }
            ClientKind::App => {
                if p.ends_with("/send/email") {
                    Method::SendEmail
                } else if p.contains("/send/") {
                    Method::SendMessage
                } else if p.contains("/triggers") {
                    Method::TriggerBroadcast
                } else {
                    Method::Read
                }
            }
            ClientKind::Pipelines => {
                if p.ends_with("/identify") {
                    Method::Identify
                } else if p.ends_with("/track") {
                    Method::Track
                } else if p.ends_with("/batch") {
                    Method::Batch
                } else if p.ends_with("/page") || p.ends_with("/screen") {
                    Method::Page
                } else {
                    Method::Other
                }
            }
        }
    }
}

/// A request sent to `url` with the HTTP method `verb`, as the call it makes: the API, the
/// operation and the customer id its path names. `None` when the URL is not Customer.io's.
pub(crate) fn request_draft(
    url: Expr,
    verb: Option<String>,
    span: Span,
) -> Option<(CallDraft, Endpoint)> {
    let endpoint = classify_url(&url)?;
    let info = ClientInfo {
        sdk: Sdk::RawHttp,
        kind: endpoint.kind,
    };
    let method = endpoint.method_for(verb.as_deref());
    let name = format!("{} {}", verb.as_deref().unwrap_or("POST"), endpoint.path);
    let mut d = CallDraft::new(info, method, name, span);
    d.customer_id = endpoint.customer_id.clone();
    d.request = Some(Box::new(RawRequest {
        url,
        verb: None,
        verb_text: verb,
    }));
    Some((d, endpoint))
}

/// Recognise a Customer.io API URL and the customer id inside its path.
pub(crate) fn classify_url(url: &Expr) -> Option<Endpoint> {
    let (pattern, holes): (String, Vec<Expr>) = match &url.value {
        Value::Str(s) => (s.clone(), Vec::new()),
        Value::Interpolated {
            literal_parts,
            holes,
        } => with_known_bases(literal_parts, holes),
        // `os.getenv("CIO_URL", "https://track.customer.io/api/v1")`, a base set per region.
        Value::OneOf(_) => {
            return url.value.alternatives().into_iter().find_map(|v| {
                classify_url(&Expr {
                    value: v.clone(),
                    ..url.clone()
                })
            });
        }
        _ => return None,
    };
    let kind = if pattern.contains("track.customer.io") || pattern.contains("track-eu.customer.io")
    {
        ClientKind::Track
    } else if pattern.contains("api.customer.io") || pattern.contains("api-eu.customer.io") {
        ClientKind::App
    } else if pattern.contains("cdp.customer.io") || pattern.contains("cdp-eu.customer.io") {
        ClientKind::Pipelines
    } else {
        return None;
    };
    let path_start = pattern
        .find(".customer.io")
        .map(|i| i + ".customer.io".len())
        .unwrap_or(0);
    let path = pattern[path_start..]
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_string();
    // The hole right after `/customers/` is the customer id.
    let mut customer_id = None;
    if let Some(pos) = pattern.find("/customers/{}") {
        let hole_index = pattern[..pos].matches("{}").count();
        customer_id = holes.get(hole_index).cloned();
    }
    Some(Endpoint {
        kind,
        path,
        customer_id,
    })
}

/// Whether a value may be a URL (`"https://api.customer.io/v1"`, one of a region's, an env
/// read defaulting to one): a member holding one is the base its class's requests build on,
/// Customer.io's or another service's.
pub(crate) fn may_be_url(value: &Value) -> bool {
    value.alternatives().into_iter().any(|v| match v {
        Value::Str(s) => s.contains("://"),
        Value::Interpolated { literal_parts, .. } => {
            literal_parts.first().is_some_and(|p| p.contains("://"))
        }
        _ => false,
    })
}

/// The URL's pattern (`{}` for each hole) and its holes, where a hole that may hold a
/// Customer.io base URL (`f"{self.base_url}/identify"` with `base_url` an env read whose default
/// is `https://cdp.customer.io/v1`, or one base per region) is written as that base. The API is
/// the same whichever alternative runs; the region is not, and the call's URL keeps the hole.
fn with_known_bases(literal_parts: &[String], holes: &[Expr]) -> (String, Vec<Expr>) {
    let mut pattern = String::new();
    let mut kept = Vec::new();
    for (i, part) in literal_parts.iter().enumerate() {
        pattern.push_str(part);
        let Some(hole) = holes.get(i) else { break };
        let base = hole.value.alternatives().into_iter().find_map(|v| match v {
            Value::Str(s) if s.contains(".customer.io") => Some(s.as_str()),
            _ => None,
        });
        match base {
            Some(base) => pattern.push_str(base),
            None => {
                pattern.push_str("{}");
                kept.push(hole.clone());
            }
        }
    }
    (pattern, kept)
}

/// `${config.baseUrl}${path}`, `${baseUrl()}/customers/${id}`: a URL whose base comes from
/// configuration the extractor cannot follow, in a file that names exactly one Customer.io
/// API host (`TRACK_HOSTS = { us: "https://track.customer.io/api/v1", eu: … }`), or none but
/// is a Customer.io module (`lib/customerio/track.ts`). The base is that host; the path (often a parameter) is classified
/// where it is known.
pub(crate) fn with_file_host(url: &Expr, source: &[u8], file_path: &str) -> Option<Expr> {
    let Value::Interpolated {
        literal_parts,
        holes,
    } = &url.value
    else {
        return None;
    };
    // The base must be the leading hole: `${base}${path}`, `${base}/customers/…`.
    if literal_parts.first().is_none_or(|p| !p.is_empty()) || holes.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(source);
    let names = |hosts: &[&str]| hosts.iter().any(|h| text.contains(h));
    let track = names(&["track.customer.io", "track-eu.customer.io"]);
    let app = names(&["api.customer.io", "api-eu.customer.io"]);
    let host = match (track, app) {
        (true, false) => "https://track.customer.io",
        (false, true) => "https://api.customer.io",
        (true, true) => return None,
        // A request helper in a Customer.io module whose host lives in its config module
        // (`lib/customerio/track.ts` importing `getCustomerIoConfig`): the Track API, the
        // one such helpers wrap; App paths still classify as what they are not.
        (false, false) => {
            let file = file_path.to_ascii_lowercase();
            let about_customerio = ["customerio", "customer-io", "customer_io", "/cio"]
                .iter()
                .any(|n| file.contains(n));
            let rest = literal_parts.get(1).map(String::as_str).unwrap_or("");
            let track_path = rest.is_empty()
                || [
                    "/customers",
                    "/events",
                    "/api/v1/",
                    "/api/v2/",
                    "/v1/customers",
                ]
                .iter()
                .any(|p| rest.starts_with(p));
            if !about_customerio || !track_path {
                return None;
            }
            "https://track.customer.io"
        }
    };
    let mut parts = literal_parts.clone();
    parts.remove(0);
    parts[0] = format!("{host}{}", parts[0]);
    Some(Expr {
        value: Value::Interpolated {
            literal_parts: parts,
            holes: holes[1..].to_vec(),
        },
        ..url.clone()
    })
}
