//! `generated/` must be what `cargo xtask codegen` makes from `model/` today,
//! so that a stale committed crate fails `cargo test`.

#[test]
fn generated_crate_matches_the_model() {
    let root = codegen_tests::workspace_root();
    let generated =
        codegen::Settings::new(root.join("model")).operation("GetOtaTask").generate().expect("model/ generates");
    if let Err(error) = generated.check(root.join("generated"), "cargo xtask codegen") {
        panic!("{error}");
    }
}
