//! Which members must be boxed so that recursive structures have a size.
//!
//! Only direct edges count (a structure member targeting a structure); lists
//! and maps already put their elements on the heap. A depth-first search in
//! shape-id order boxes each back edge it finds: removing the back edges of
//! one DFS leaves the graph acyclic, so every cycle is broken, each by a
//! single member, and the choice is the same on every run.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, ShapeId, ShapeKind};

/// `(structure, member name)` pairs that need `Box`.
pub(crate) fn boxed_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<(ShapeId, String)> {
    let mut edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = BTreeMap::new();
    for id in shapes {
        let Some(shape) = model.get(id) else { continue };
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
            let direct = members.iter().filter(|m| {
                matches!(model.get(&m.target).map(|t| &t.kind), Some(ShapeKind::Structure(_) | ShapeKind::Union(_)))
            });
            edges.insert(id, direct.map(|m| (m.name.as_str(), &m.target)).collect());
        }
    }
    let mut state: BTreeMap<&ShapeId, Visit> = BTreeMap::new();
    let mut boxed = BTreeSet::new();
    for start in edges.keys().copied() {
        if state.contains_key(start) {
            continue;
        }
        // Iterative DFS: (node, index of the next edge to follow).
        let mut stack: Vec<(&ShapeId, usize)> = vec![(start, 0)];
        state.insert(start, Visit::Open);
        while let Some((node, next)) = stack.pop() {
            let outgoing = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            let Some(&(member, target)) = outgoing.get(next) else {
                state.insert(node, Visit::Done);
                continue;
            };
            stack.push((node, next + 1));
            match state.get(target) {
                Some(Visit::Open) => {
                    boxed.insert((node.clone(), member.to_owned()));
                }
                Some(Visit::Done) => {}
                None => {
                    state.insert(target, Visit::Open);
                    stack.push((target, 0));
                }
            }
        }
    }
    boxed
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    Open,
    Done,
}
