//! Field lookups by name without tree-sitter's linear scan of the grammar's field names
//! (`ts_language_field_id_for_name` compares the name with every field on each call): the
//! id of each (grammar, name) pair is looked up once per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tree_sitter::Node;

/// Keys are already well-mixed pointers: no need for SipHash.
#[derive(Default)]
struct PointerHasher(u64);

impl Hasher for PointerHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type FieldIds = HashMap<(usize, usize, usize), Option<u16>, BuildHasherDefault<PointerHasher>>;

thread_local! {
    static FIELD_IDS: RefCell<FieldIds> = RefCell::new(FieldIds::default());
}

pub(crate) trait FieldByName<'t> {
    /// The first child in the field `name` (as `child_by_field_name`).
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> FieldByName<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let language = self.language();
        // `Language` is a transparent wrapper of the grammar's pointer.
        let grammar = &*language as *const tree_sitter::Language as *const *const ();
        // SAFETY: `tree_sitter::Language` is `#[repr(transparent)]` over `*const TSLanguage`.
        let grammar = unsafe { *grammar } as usize;
        let key = (grammar, name.as_ptr() as usize, name.len());
        let id = FIELD_IDS.with(|ids| {
            *ids.borrow_mut()
                .entry(key)
                .or_insert_with(|| language.field_id_for_name(name).map(u16::from))
        })?;
        self.child_by_field_id(id)
    }
}
