//! Images without their metadata: EXIF (with GPS position, camera serial
//! numbers, time), XMP, ICC profiles, comments and embedded thumbnails are
//! removed from JPEG, PNG and WebP files without decoding or re-encoding
//! the picture, so the pixels are exactly those that were uploaded.
//!
//! The stored attachment is never changed: its SHA-256 is the evidence
//! hash of the original bytes. This is for handing a copy to someone else.

use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("metadata cannot be removed from {0} files")]
    Unsupported(String),
    #[error("the image could not be read: {0}")]
    Malformed(String),
}

/// The content types [`strip_image_metadata`] handles.
pub const STRIPPABLE: &[&str] = &["image/jpeg", "image/png", "image/webp"];

/// `bytes` of an image of `content_type` with every metadata block
/// removed. The image data itself is copied unchanged.
pub fn strip_image_metadata(bytes: &[u8], content_type: &str) -> Result<Vec<u8>, MediaError> {
    let input = Bytes::copy_from_slice(bytes);
    let malformed = |e: img_parts::Error| MediaError::Malformed(e.to_string());
    match content_type {
        "image/jpeg" => {
            let jpeg = Jpeg::from_bytes(input).map_err(malformed)?;
            Ok(strip_jpeg(jpeg).encoder().bytes().to_vec())
        }
        "image/png" => {
            let mut png = Png::from_bytes(input).map_err(malformed)?;
            png.chunks_mut()
                .retain(|chunk| PNG_KEEP.contains(&&chunk.kind()));
            Ok(png.encoder().bytes().to_vec())
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(input).map_err(malformed)?;
            webp.chunks_mut()
                .retain(|chunk| WEBP_KEEP.contains(&&chunk.id()));
            // Sets the VP8X flags from the chunks that are left.
            webp.set_exif(None);
            Ok(webp.encoder().bytes().to_vec())
        }
        other => Err(MediaError::Unsupported(other.to_string())),
    }
}

/// PNG chunks that carry the picture or how to show it; everything else
/// (eXIf, iCCP, tEXt, zTXt, iTXt, tIME, private chunks) is dropped.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"sRGB", b"sBIT", b"bKGD",
    b"pHYs", b"hIST", b"cICP", b"acTL", b"fcTL", b"fdAT",
];

/// WebP chunks of the picture; EXIF, XMP, ICCP and unknown ones are dropped.
const WEBP_KEEP: &[&[u8; 4]] = &[b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF"];

/// A JFIF header (APP0) without its thumbnail: identifier, version,
/// density units and densities, thumbnail size 0×0.
const JFIF_HEADER_LEN: usize = 14;

fn strip_jpeg(mut jpeg: Jpeg) -> Jpeg {
    let segments = std::mem::take(jpeg.segments_mut());
    for segment in segments {
        let marker = segment.marker();
        let contents = segment.contents();
        let kept = match marker {
            // JFIF is kept (it says how to read the colours) without a
            // thumbnail; JFXX (a thumbnail only) is dropped.
            markers::APP0 if contents.starts_with(b"JFIF\0") && contents.len() >= 12 => {
                let mut header = contents[..JFIF_HEADER_LEN.min(contents.len())].to_vec();
                header.resize(JFIF_HEADER_LEN, 0);
                header[12] = 0;
                header[13] = 0;
                Some(JpegSegment::new_with_contents(
                    markers::APP0,
                    Bytes::from(header),
                ))
            }
            // The Adobe segment says how to convert colours; it holds
            // nothing about the picture's origin.
            markers::APP14 if contents.starts_with(b"Adobe") => Some(segment),
            markers::APP0..=markers::APP15 | markers::COM => None,
            markers::SOS if segment.has_entropy() => {
                let contents = segment.contents().clone();
                let entropy = clean_scans(&segment_entropy(&segment));
                Some(JpegSegment::new_with_entropy(
                    markers::SOS,
                    contents,
                    Bytes::from(entropy),
                ))
            }
            _ => Some(segment),
        };
        if let Some(s) = kept {
            jpeg.segments_mut().push(s);
        }
    }
    jpeg
}

/// The bytes after the header of the first scan (img-parts keeps them as
/// the scan's "entropy": the rest of the file, EOI included).
fn segment_entropy(segment: &JpegSegment) -> Vec<u8> {
    let encoded = segment.clone().encoder().bytes();
    // marker (2) + length (2) + contents
    let header = 4 + segment.contents().len();
    encoded.get(header..).unwrap_or_default().to_vec()
}

/// The scans up to and including the end-of-image marker, without the
/// APPn and comment segments that may sit between the scans of a
/// progressive JPEG, and without anything appended after the image (other
/// pictures of a multi-picture file, vendor trailers).
fn clean_scans(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != 0xFF || i + 1 >= data.len() {
            out.push(data[i]);
            i += 1;
            continue;
        }
        let marker = data[i + 1];
        match marker {
            // A stuffed 0xFF in entropy-coded data, a restart marker, or a
            // marker without a length.
            0x00 | 0x01 | markers::RST0..=markers::RST7 => {
                out.extend_from_slice(&data[i..i + 2]);
                i += 2;
            }
            // Fill byte before a marker.
            0xFF => {
                out.push(0xFF);
                i += 1;
            }
            markers::EOI => {
                out.extend_from_slice(&data[i..i + 2]);
                return out;
            }
            _ => {
                let len = match data.get(i + 2..i + 4) {
                    Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
                    None => {
                        out.extend_from_slice(&data[i..]);
                        return out;
                    }
                };
                let end = (i + 2 + len).min(data.len());
                let metadata = matches!(marker, markers::APP0..=markers::APP15 | markers::COM);
                if !metadata {
                    out.extend_from_slice(&data[i..end]);
                }
                i = end;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use img_parts::png::PngChunk;
    use img_parts::riff::{RiffChunk, RiffContent};

    /// 43°15'N 76°57'E (Almaty): the GPS position a phone writes.
    fn exif_with_gps() -> Vec<u8> {
        let mut t = Vec::new();
        // TIFF header, little-endian, IFD0 at 8.
        t.extend_from_slice(b"II*\0");
        t.extend_from_slice(&8u32.to_le_bytes());
        // IFD0: one entry, GPSInfo (0x8825) LONG 1 -> GPS IFD at 26.
        t.extend_from_slice(&1u16.to_le_bytes());
        t.extend_from_slice(&0x8825u16.to_le_bytes());
        t.extend_from_slice(&4u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&26u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(t.len(), 26);
        // GPS IFD: LatitudeRef "N", Latitude (3 rationals at 80),
        // LongitudeRef "E", Longitude (3 rationals at 104).
        t.extend_from_slice(&4u16.to_le_bytes());
        let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
            t.extend_from_slice(&tag.to_le_bytes());
            t.extend_from_slice(&kind.to_le_bytes());
            t.extend_from_slice(&count.to_le_bytes());
            t.extend_from_slice(&value);
        };
        entry(&mut t, 1, 2, 2, *b"N\0\0\0");
        entry(&mut t, 2, 5, 3, 80u32.to_le_bytes());
        entry(&mut t, 3, 2, 2, *b"E\0\0\0");
        entry(&mut t, 4, 5, 3, 104u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(t.len(), 80);
        for (num, den) in [
            (43u32, 1u32),
            (15, 1),
            (1234, 100),
            (76, 1),
            (57, 1),
            (4321, 100),
        ] {
            t.extend_from_slice(&num.to_le_bytes());
            t.extend_from_slice(&den.to_le_bytes());
        }
        t
    }

    /// The GPS latitude as stored: 43/1 15/1 1234/100.
    fn gps_bytes() -> Vec<u8> {
        let mut g = Vec::new();
        for (num, den) in [(43u32, 1u32), (15, 1), (1234, 100)] {
            g.extend_from_slice(&num.to_le_bytes());
            g.extend_from_slice(&den.to_le_bytes());
        }
        g
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn picture() -> image::RgbImage {
        image::RgbImage::from_fn(16, 8, |x, y| {
            image::Rgb([(x * 16) as u8, (y * 32) as u8, 90])
        })
    }

    fn jpeg_with_metadata() -> Vec<u8> {
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&picture())
            .unwrap();
        let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
        jpeg.set_exif(Some(Bytes::from(exif_with_gps())));
        let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>exif:GPSLatitude=43,15</x:xmpmeta>";
        let pos = jpeg.segments().len() - 1;
        jpeg.segments_mut().insert(
            pos,
            JpegSegment::new_with_contents(markers::APP1, Bytes::from_static(xmp)),
        );
        jpeg.segments_mut().insert(
            pos,
            JpegSegment::new_with_contents(
                markers::COM,
                Bytes::from_static(b"taken at the police station"),
            ),
        );
        let mut bytes = jpeg.encoder().bytes().to_vec();
        // A vendor trailer after the end of the image.
        bytes.extend_from_slice(b"TRAILER serial 12345");
        bytes
    }

    #[test]
    fn jpeg_loses_exif_gps_xmp_comments_and_trailers_and_still_decodes() {
        let original = jpeg_with_metadata();
        assert!(contains(&original, &gps_bytes()), "the test image has GPS");
        assert!(contains(&original, b"Exif\0\0"));
        let before = image::load_from_memory(&original).unwrap().to_rgb8();

        let clean = strip_image_metadata(&original, "image/jpeg").unwrap();
        assert!(!contains(&clean, &gps_bytes()), "GPS position removed");
        assert!(!contains(&clean, b"Exif"), "EXIF removed");
        assert!(!contains(&clean, b"xmpmeta"), "XMP removed");
        assert!(!contains(&clean, b"police station"), "comment removed");
        assert!(!contains(&clean, b"TRAILER"), "trailer removed");
        assert!(clean.ends_with(&[0xFF, 0xD9]));
        assert!(clean.len() < original.len());

        let after = image::load_from_memory(&clean).unwrap().to_rgb8();
        assert_eq!(after.dimensions(), (16, 8));
        assert_eq!(before, after, "the picture is untouched (not re-encoded)");
        // Idempotent.
        assert_eq!(strip_image_metadata(&clean, "image/jpeg").unwrap(), clean);
    }

    #[test]
    fn jpeg_keeps_jfif_without_its_thumbnail() {
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut plain)
            .encode_image(&picture())
            .unwrap();
        let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
        jpeg.segments_mut().retain(|s| s.marker() != markers::APP0);
        let mut jfif = b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x01\x01".to_vec();
        jfif.extend_from_slice(&[0xAB, 0xCD, 0xEF]); // a 1×1 RGB thumbnail
        jpeg.segments_mut().insert(
            0,
            JpegSegment::new_with_contents(markers::APP0, Bytes::from(jfif)),
        );
        let clean = strip_image_metadata(&jpeg.encoder().bytes(), "image/jpeg").unwrap();
        let parsed = Jpeg::from_bytes(Bytes::from(clean.clone())).unwrap();
        let app0 = parsed.segment_by_marker(markers::APP0).unwrap();
        assert_eq!(app0.contents().len(), JFIF_HEADER_LEN);
        assert!(!contains(&clean, &[0xAB, 0xCD, 0xEF]));
        image::load_from_memory(&clean).unwrap();
    }

    #[test]
    fn png_loses_text_exif_and_icc_and_still_decodes() {
        let mut plain = Vec::new();
        image::codecs::png::PngEncoder::new(&mut plain)
            .write_image(picture().as_raw(), 16, 8, image::ExtendedColorType::Rgb8)
            .unwrap();
        let mut png = Png::from_bytes(Bytes::from(plain)).unwrap();
        let at = png.chunks().len() - 1;
        png.chunks_mut().insert(
            at,
            PngChunk::new(*b"tEXt", Bytes::from_static(b"Comment\0Zhanaozen, home of")),
        );
        png.chunks_mut()
            .insert(1, PngChunk::new(*b"eXIf", Bytes::from(exif_with_gps())));
        png.chunks_mut().insert(
            1,
            PngChunk::new(*b"iCCP", Bytes::from_static(b"prof\0\0xx")),
        );
        let original = png.encoder().bytes().to_vec();
        assert!(contains(&original, &gps_bytes()));

        let clean = strip_image_metadata(&original, "image/png").unwrap();
        assert!(!contains(&clean, &gps_bytes()));
        assert!(!contains(&clean, b"Zhanaozen"));
        assert!(!contains(&clean, b"iCCP"));
        let decoded = image::load_from_memory(&clean).unwrap().to_rgb8();
        assert_eq!(decoded, picture());
    }

    use image::ImageEncoder as _;

    #[test]
    fn webp_loses_exif_xmp_and_icc_and_its_flags_follow() {
        let chunk = |id: &[u8; 4], data: &'static [u8]| {
            RiffChunk::new(*id, RiffContent::Data(Bytes::from_static(data)))
        };
        // VP8X: flags (ICC | EXIF | XMP), reserved, canvas 1×1.
        let webp = RiffChunk::new(
            *b"RIFF",
            RiffContent::List {
                kind: Some(*b"WEBP"),
                subchunks: vec![
                    chunk(b"VP8X", &[0b0010_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                    chunk(b"ICCP", b"profile"),
                    chunk(b"VP8L", b"\x2f\0\0\0\0"),
                    chunk(b"EXIF", b"II*\0GPS 43 15"),
                    chunk(b"XMP ", b"<x:xmpmeta/>"),
                ],
            },
        );
        let original = webp.encoder().bytes().to_vec();
        let clean = strip_image_metadata(&original, "image/webp").unwrap();
        assert!(!contains(&clean, b"GPS 43"));
        assert!(!contains(&clean, b"xmpmeta"));
        assert!(!contains(&clean, b"profile"));
        assert!(contains(&clean, b"VP8L"), "the picture stays");
        let parsed = WebP::from_bytes(Bytes::from(clean)).unwrap();
        assert!(parsed.chunk_by_id(*b"EXIF").is_none());
        if let Some(vp8x) = parsed.chunk_by_id(*b"VP8X") {
            let flags = vp8x.content().data().unwrap()[0];
            assert_eq!(flags & 0b0010_1100, 0, "no ICC/EXIF/XMP flags left");
        }
    }

    #[test]
    fn other_types_are_refused() {
        assert!(matches!(
            strip_image_metadata(b"%PDF-1.7", "application/pdf"),
            Err(MediaError::Unsupported(_))
        ));
        assert!(matches!(
            strip_image_metadata(b"not a jpeg", "image/jpeg"),
            Err(MediaError::Malformed(_))
        ));
    }
}
