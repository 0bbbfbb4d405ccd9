//! The inventory as text (for a terminal), Markdown (for a pull request or a wiki page) and
//! JSON (documented in the README).

use super::{CallSite, Inventory, ProjectInventory, PropertyEntry, Site};
use std::fmt::Write;

pub fn json(inv: &Inventory) -> String {
    serde_json::to_string_pretty(inv).expect("the inventory serialises") + "\n"
}

fn root_name(p: &ProjectInventory) -> &str {
    p.root.as_deref().unwrap_or("(no project root)")
}

fn site(s: &Site) -> String {
    format!("{}:{}:{}", s.path, s.line, s.column)
}

fn call_line(c: &CallSite) -> String {
    let mut s = format!("{}:{}:{}  {}", c.path, c.line, c.column, c.method);
    if let Some(sdk) = &c.sdk_call {
        let _ = write!(s, "  (Customer.io call at {})", site(sdk));
    }
    if !c.keys_known {
        s.push_str("  [more keys not visible]");
    }
    s
}

fn types(p: &PropertyEntry) -> String {
    p.types
        .iter()
        .map(|t| t.display())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn sites(list: &[Site]) -> String {
    list.iter().map(site).collect::<Vec<_>>().join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn text(inv: &Inventory) -> String {
    let mut out = String::new();
    if inv.projects.is_empty() {
        out.push_str("No Customer.io integration found.\n");
        return out;
    }
    for (i, p) in inv.projects.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", root_name(p));
        if !p.sdks.is_empty() {
            out.push_str("  SDKs\n");
            for s in &p.sdks {
                let _ = writeln!(
                    out,
                    "    {} {} {}  imported in {}",
                    s.ecosystem,
                    s.package,
                    s.version.as_deref().unwrap_or("(version unknown)"),
                    s.imported_in.join(", ")
                );
            }
        }
        if !p.clients.is_empty() {
            out.push_str("  Clients\n");
            for c in &p.clients {
                let region = c.region_label();
                let _ = writeln!(
                    out,
                    "    {:<9} {}  region {}  {}{}",
                    c.kind,
                    c.sdk,
                    region,
                    site(&c.site),
                    c.binding
                        .as_ref()
                        .map(|b| format!("  as {b}"))
                        .unwrap_or_default()
                );
            }
        }
        if !p.events.is_empty() {
            let _ = writeln!(out, "  Events ({})", p.events.len());
            for e in &p.events {
                let _ = writeln!(
                    out,
                    "    {}  ({})",
                    e.name,
                    plural(e.calls.len(), "call", "calls")
                );
                for c in &e.calls {
                    let _ = writeln!(out, "      {}", call_line(c));
                }
                for prop in &e.properties {
                    let _ = writeln!(
                        out,
                        "      .{}: {}{}",
                        prop.name,
                        types(prop),
                        if prop.in_every_call {
                            "  (every call)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        if !p.dynamic_events.is_empty() {
            let _ = writeln!(
                out,
                "  Events with computed names ({})",
                p.dynamic_events.len()
            );
            for d in &p.dynamic_events {
                let _ = writeln!(out, "    {}", d.expression);
                for c in &d.calls {
                    let _ = writeln!(out, "      {}", call_line(c));
                }
            }
        }
        if !p.person_attributes.is_empty() {
            let _ = writeln!(out, "  Person attributes ({})", p.person_attributes.len());
            for a in &p.person_attributes {
                let _ = writeln!(out, "    {}: {}  {}", a.name, types(a), sites(&a.sites));
            }
        }
        if !p.webhooks.is_empty() {
            out.push_str("  Reporting webhooks\n");
            for w in &p.webhooks {
                let _ = writeln!(
                    out,
                    "    {}  {}  signature {}{}",
                    site(&w.site),
                    w.route.as_deref().unwrap_or("(route unknown)"),
                    w.verification.replace('_', " "),
                    if w.metrics.is_empty() {
                        String::new()
                    } else {
                        format!("  metrics {}", w.metrics.join(", "))
                    }
                );
            }
        }
        if !p.templates.is_empty() {
            out.push_str("  Templates\n");
            for t in &p.templates {
                let mut tags = Vec::new();
                if t.layout {
                    tags.push("layout");
                }
                if t.transactional {
                    tags.push("transactional");
                }
                tags.push(if t.unsubscribe_link {
                    "unsubscribe link"
                } else {
                    "no unsubscribe link"
                });
                let _ = writeln!(out, "    {}  {}", t.path, tags.join(", "));
            }
        }
    }
    out
}

/// A Markdown code span that survives backticks inside (a template literal).
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Markdown cells may not hold a raw `|` or a line break.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(inv: &Inventory) -> String {
    let mut out = String::from("# Customer.io inventory\n");
    if inv.projects.is_empty() {
        out.push_str("\nNo Customer.io integration found.\n");
        return out;
    }
    for p in &inv.projects {
        let _ = writeln!(out, "\n## `{}`\n", root_name(p));
        if !p.sdks.is_empty() {
            out.push_str(
                "### SDKs\n\n| Ecosystem | Package | Version | Imported in |\n|---|---|---|---|\n",
            );
            for s in &p.sdks {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} |",
                    s.ecosystem,
                    s.package,
                    s.version.as_deref().unwrap_or("unknown"),
                    cell(&s.imported_in.join(", "))
                );
            }
            out.push('\n');
        }
        if !p.clients.is_empty() {
            out.push_str("### Clients\n\n| Kind | SDK | Region | Built at |\n|---|---|---|---|\n");
            for c in &p.clients {
                let region = c.region_label();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | `{}` |",
                    c.kind,
                    cell(c.sdk),
                    region,
                    site(&c.site)
                );
            }
            out.push('\n');
        }
        if !p.events.is_empty() {
            out.push_str("### Events\n\n");
            for e in &p.events {
                let _ = writeln!(out, "#### {}\n", code(&cell(&e.name)));
                for c in &e.calls {
                    let _ = writeln!(out, "- `{}`", call_line(c));
                }
                if !e.properties.is_empty() {
                    out.push_str("\n| Property | Type | Every call |\n|---|---|---|\n");
                    for prop in &e.properties {
                        let _ = writeln!(
                            out,
                            "| `{}` | {} | {} |",
                            cell(&prop.name),
                            types(prop),
                            if prop.in_every_call { "yes" } else { "no" }
                        );
                    }
                }
                out.push('\n');
            }
        }
        if !p.dynamic_events.is_empty() {
            out.push_str("### Events with computed names\n\n");
            for d in &p.dynamic_events {
                for c in &d.calls {
                    let _ = writeln!(
                        out,
                        "- {} at `{}`",
                        code(&cell(&d.expression)),
                        call_line(c)
                    );
                }
            }
            out.push('\n');
        }
        if !p.person_attributes.is_empty() {
            out.push_str(
                "### Person attributes\n\n| Attribute | Type | Sent at |\n|---|---|---|\n",
            );
            for a in &p.person_attributes {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    cell(&a.name),
                    types(a),
                    cell(&sites(&a.sites))
                );
            }
            out.push('\n');
        }
        if !p.webhooks.is_empty() {
            out.push_str("### Reporting webhooks\n\n| Handler | Route | Signature | Metrics |\n|---|---|---|---|\n");
            for w in &p.webhooks {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    site(&w.site),
                    cell(w.route.as_deref().unwrap_or("")),
                    w.verification.replace('_', " "),
                    w.metrics.join(", ")
                );
            }
            out.push('\n');
        }
        if !p.templates.is_empty() {
            out.push_str("### Templates\n\n| Template | Transactional | Layout | Unsubscribe link |\n|---|---|---|---|\n");
            let yes = |b: bool| if b { "yes" } else { "no" };
            for t in &p.templates {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    cell(&t.path),
                    yes(t.transactional),
                    yes(t.layout),
                    yes(t.unsubscribe_link)
                );
            }
            out.push('\n');
        }
    }
    out
}
