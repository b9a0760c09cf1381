//! Prints the grids the text reader builds for a file (one per form):
//! `cargo run --example text_grid FILE [SHAPE]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a text file");
    let shape = args
        .next()
        .and_then(|s| jixiao::read::text::TextShape::parse(&s));
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 text");
    for g in jixiao::read::text::debug_grids(&text, shape) {
        println!("{g}");
    }
}
