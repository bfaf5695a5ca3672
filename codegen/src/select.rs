//! Choosing what to generate: the service, the requested operations, and the
//! closure of shapes they reach.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::model::{Model, Shape, ShapeId, ShapeKind};

/// The service and the operations to generate, in shape-id order.
#[derive(Debug)]
pub(crate) struct Selection<'m> {
    pub(crate) service: &'m Shape,
    pub(crate) operations: Vec<&'m Shape>,
}

/// Picks the service (the only one, or the one named) and the operations
/// (`names` are shape names or absolute ids; empty means all of them).
pub(crate) fn select<'m>(model: &'m Model, service: Option<&str>, names: &[String]) -> Result<Selection<'m>, Error> {
    let services: Vec<&Shape> = model.services().collect();
    let service = match service {
        Some(wanted) => *services
            .iter()
            .find(|s| s.id.to_string() == wanted || s.id.name() == wanted)
            .ok_or_else(|| Error::Settings(format!("the model has no service `{wanted}`{}", list_names(&services))))?,
        None => match services.as_slice() {
            [only] => *only,
            [] => return Err(Error::Settings("the model defines no service shape".to_owned())),
            _ => {
                return Err(Error::Settings(format!(
                    "the model defines several services; choose one{}",
                    list_names(&services)
                )))
            }
        },
    };
    let all = service_operations(model, service);
    let operations = if names.is_empty() {
        all.values().copied().collect()
    } else {
        let mut chosen = BTreeMap::new();
        for name in names {
            let found = all.values().find(|op| op.id.to_string() == *name || op.id.name() == name);
            match found {
                Some(op) => {
                    chosen.insert(op.id.clone(), *op);
                }
                None => {
                    let known: Vec<&str> = all.values().map(|op| op.id.name()).collect();
                    return Err(Error::Settings(format!(
                        "service `{}` has no operation `{name}`; it has: {}",
                        service.id,
                        known.join(", ")
                    )));
                }
            }
        }
        chosen.into_values().collect()
    };
    Ok(Selection { service, operations })
}

fn list_names(services: &[&Shape]) -> String {
    if services.is_empty() {
        return String::new();
    }
    let names: Vec<String> = services.iter().map(|s| s.id.to_string()).collect();
    format!(" (services: {})", names.join(", "))
}

/// Every operation of the service, bound directly or through resources
/// (recursively), keyed by id.
pub(crate) fn service_operations<'m>(model: &'m Model, service: &'m Shape) -> BTreeMap<ShapeId, &'m Shape> {
    let mut found = BTreeMap::new();
    let ShapeKind::Service(svc) = &service.kind else { return found };
    let mut resources: Vec<&ShapeId> = svc.resources.iter().collect();
    let mut seen_resources = BTreeSet::new();
    let add = |id: &ShapeId, found: &mut BTreeMap<ShapeId, &'m Shape>| {
        if let Some(shape @ Shape { kind: ShapeKind::Operation(_), .. }) = model.get(id) {
            found.insert(id.clone(), shape);
        }
    };
    for op in &svc.operations {
        add(op, &mut found);
    }
    while let Some(id) = resources.pop() {
        if !seen_resources.insert(id.clone()) {
            continue;
        }
        if let Some(Shape { kind: ShapeKind::Resource(resource), .. }) = model.get(id) {
            for op in &resource.operations {
                add(op, &mut found);
            }
            resources.extend(resource.resources.iter());
        }
    }
    found
}

/// The shapes reachable from `roots` through members, in id order.
pub(crate) fn closure(model: &Model, roots: impl IntoIterator<Item = ShapeId>) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(shape) = model.get(&id) {
            stack.extend(shape.kind.members().into_iter().map(|m| m.target.clone()));
        }
    }
    seen
}
