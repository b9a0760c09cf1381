//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030
//! as published by older systems. Binary files are refused, not guessed at.

use crate::read::ReadError;
use std::borrow::Cow;

/// Decodes a text file. Returns the text and, when it was not UTF-8, a note
/// saying which encoding was assumed.
pub fn decode<'a>(
    bytes: &'a [u8],
    file: &str,
) -> Result<(Cow<'a, str>, Option<String>), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::NoForm {
            file: file.to_string(),
            hint: "文件是空的".into(),
        });
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(encoding_error(
                file,
                &format!(
                    "有 {} 字节顺序标记，但其中有无效的 {} 字节",
                    enc.name(),
                    enc.name()
                ),
            ));
        }
        let note =
            (enc != encoding_rs::UTF_8).then(|| format!("按字节顺序标记读作 {}", enc.name()));
        return Ok((Cow::Owned(text.into_owned()), note));
    }
    if looks_binary(bytes) {
        return Err(encoding_error(
            file,
            "不是文本文件（含有 NUL 或控制字符）；请提供从 PDF 提取的文字（如 pdftotext）、.json 或 .xlsx 文件",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), None)),
        Err(e) => {
            // GB18030 is a superset of GBK and GB2312, the usual legacy encodings.
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                return Err(encoding_error(
                    file,
                    &format!("第 {line} 行：既不是 UTF-8 也不是 GBK/GB18030 文字；请先转换为 UTF-8（如 iconv -f 原编码 -t UTF-8）"),
                ));
            }
            Ok((
                Cow::Owned(text.into_owned()),
                Some("不是 UTF-8：按 GBK/GB18030 读取".into()),
            ))
        }
    }
}

/// Puts the decoder's note (the encoding assumed) first among a file's
/// warnings, at its first line.
pub(crate) fn note_first(warnings: &mut Vec<crate::read::Warning>, note: Option<String>) {
    if let Some(message) = note {
        let place = crate::read::Place::Line(1);
        warnings.insert(0, crate::read::Warning { place, message });
    }
}

fn encoding_error(file: &str, what: &str) -> ReadError {
    ReadError::Encoding {
        file: file.to_string(),
        what: what.to_string(),
    }
}

/// NUL bytes, or many control bytes other than tab/newline/CR/form feed.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 20 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        let (t, note) = decode("项目名称".as_bytes(), "a").unwrap();
        assert!(matches!(t, Cow::Borrowed(_)));
        assert_eq!(note, None);
    }

    #[test]
    fn gbk_is_decoded_with_a_note() {
        let (bytes, _, _) = encoding_rs::GBK.encode("项目名称\t宣传费");
        let (t, note) = decode(&bytes, "a").unwrap();
        assert_eq!(t, "项目名称\t宣传费");
        assert!(note.unwrap().contains("GBK"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(decode(b"\x00\x01\x02PK", "a").is_err());
        assert!(decode(b"", "a").is_err());
        let err = decode(
            &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0],
            "x.txt",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("x.txt: 不是文本文件"));
    }
}
