//! Writes the TypeScript bindings to `ui/src/bindings/` and removes any
//! file there that is no longer generated.

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    std::fs::create_dir_all(&dir)?;
    let rendered = cohort::bindings::render();
    for entry in std::fs::read_dir(&dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !rendered.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(dir.join(&name))?;
            println!("removed ui/src/bindings/{name}");
        }
    }
    for (name, text) in rendered {
        std::fs::write(dir.join(&name), text)?;
        println!("wrote ui/src/bindings/{name}");
    }
    Ok(())
}
