//! Writes the TypeScript bindings to `ui/src/bindings/` (run from the repository root).

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in cohort::bindings::render() {
        std::fs::write(dir.join(&name), text)?;
        println!("wrote ui/src/bindings/{name}");
    }
    Ok(())
}
