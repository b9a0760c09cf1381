//! A PDF whose cross-reference table is broken (wrong offsets, cut, missing)
//! still holds its objects: like PDF viewers, find every `N G obj` in the
//! file and write a new table after it, so lopdf can load it.

/// The file with a cross-reference table rebuilt from its objects, or
/// `None` when no catalog object (the document's root) is found.
pub fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut offsets: Vec<Option<usize>> = Vec::new();
    let mut root = None;
    let mut i = 0;
    while let Some(p) = find(bytes, b" obj", i) {
        i = p + 4;
        let Some((number, start)) = object_header(bytes, p) else {
            continue;
        };
        if number >= 8_000_000 {
            continue;
        }
        if offsets.len() <= number {
            offsets.resize(number + 1, None);
        }
        // Later objects replace earlier ones (incremental updates).
        offsets[number] = Some(start);
        let body_end = find(bytes, b"endobj", i).unwrap_or(bytes.len());
        let body = &bytes[i..body_end.min(i + 4096)];
        let squeezed: Vec<u8> = body
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if find(&squeezed, b"/Type/Catalog", 0).is_some() {
            root = Some(number);
        }
    }
    let root = root?;
    let end = bytes
        .windows(6)
        .rposition(|w| w == b"endobj")
        .map_or(bytes.len(), |p| p + 6);
    let mut out = bytes[..end].to_vec();
    let xref_at = out.len() + 1;
    out.extend_from_slice(format!("\nxref\n0 {}\n", offsets.len().max(1)).as_bytes());
    out.extend_from_slice(b"0000000000 65535 f \n");
    for o in offsets.iter().skip(1) {
        match o {
            Some(at) => out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            offsets.len().max(1)
        )
        .as_bytes(),
    );
    Some(out)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// For ` obj` at `p`: the object number and where its header (`N G obj`)
/// starts, when digits, space, digits precede it at a line start.
fn object_header(bytes: &[u8], p: usize) -> Option<(usize, usize)> {
    let digits_back = |end: usize| -> Option<usize> {
        let start = bytes[..end]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |q| q + 1);
        (start < end && end - start <= 10).then_some(start)
    };
    let gen_start = digits_back(p)?;
    let space = gen_start.checked_sub(1)?;
    if !bytes[space].is_ascii_whitespace() {
        return None;
    }
    let num_start = digits_back(space)?;
    if num_start > 0 && !bytes[num_start - 1].is_ascii_whitespace() {
        return None;
    }
    let number = std::str::from_utf8(&bytes[num_start..space])
        .ok()?
        .parse()
        .ok()?;
    Some((number, num_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_found_and_indexed() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\ngarbage";
        let fixed = rebuild_xref(pdf).unwrap();
        let text = String::from_utf8_lossy(&fixed);
        assert!(text.contains("/Root 1 0 R"));
        assert!(text.contains("0000000009 00000 n"));
        assert!(!text.contains("garbage"));
        assert!(rebuild_xref(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj").is_none());
    }
}
