package cn.gongkai.crawler.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;

/**
 * Writes PDFs with Chinese text the way many government offices' tools do: the non-embedded Adobe CJK font
 * STSong-Light with the UniGB-UCS2-H encoding, text placed at positions. The sandbox's annual reports and the
 * document tests' fixtures are written with it. (PDFBox cannot embed the CFF-based Noto CJK
 * font this machine has, and a non-embedded CID font is what real reports often use anyway.)
 */
public final class CjkPdf {

    /** A line of text, or a table row: a label and cells at fixed positions. */
    public record Line(String label, List<String> cells, boolean figuresOnly) {
    }

    public static Line text(String text) {
        return new Line(text, List.of(), false);
    }

    public static Line row(String label, List<String> cells) {
        return new Line(label, cells, false);
    }

    public static Line figures(List<String> cells) {
        return new Line("", cells, true);
    }

    /** A piece of text at a position of a page (0-based), in the order a content stream draws it. */
    public record Placed(int page, float x, float y, String text) {
    }

    /** Writes text pieces where they are placed, in the given order: how a word processor exports a table's cells. */
    public static byte[] writePlaced(List<Placed> pieces) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            COSDictionary font = cjkFont();
            int pages = pieces.stream().mapToInt(Placed::page).max().orElse(0) + 1;
            for (int p = 0; p < pages; p++) {
                StringBuilder content = new StringBuilder();
                for (Placed piece : pieces) {
                    if (piece.page() == p) {
                        show(content, piece.x(), piece.y(), piece.text());
                    }
                }
                finish(doc, content, font);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CjkPdf() {
    }

    public static byte[] write(List<Line> lines) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            COSDictionary font = cjkFont();
            float y = 780;
            StringBuilder content = null;
            for (Line line : lines) {
                if (content == null || y < 60) {
                    if (content != null) {
                        finish(doc, content, font);
                    }
                    content = new StringBuilder();
                    y = 780;
                }
                if (line.figuresOnly()) {
                    for (int i = 0; i < line.cells().size(); i++) {
                        show(content, 40 + i * 34, y, line.cells().get(i));
                    }
                } else {
                    show(content, 40, y, line.label());
                    for (int i = 0; i < line.cells().size(); i++) {
                        show(content, 290 + i * 42, y, line.cells().get(i));
                    }
                }
                y -= 14;
            }
            finish(doc, content, font);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void show(StringBuilder content, float x, float y, String text) {
        if (text.isEmpty()) {
            return;
        }
        content.append("BT /F1 9 Tf 1 0 0 1 ").append(x).append(' ').append(y).append(" Tm <");
        for (char ch : text.toCharArray()) {
            content.append(String.format("%04X", (int) ch));
        }
        content.append("> Tj ET\n");
    }

    private static void finish(PDDocument doc, StringBuilder content, COSDictionary font) throws IOException {
        PDPage page = new PDPage();
        PDResources resources = new PDResources();
        COSDictionary fonts = new COSDictionary();
        fonts.setItem(COSName.getPDFName("F1"), font);
        resources.getCOSObject().setItem(COSName.FONT, fonts);
        page.setResources(resources);
        page.setContents(new PDStream(doc, new ByteArrayInputStream(content.toString().getBytes(StandardCharsets.US_ASCII))));
        doc.addPage(page);
    }

    private static COSDictionary cjkFont() {
        COSDictionary info = new COSDictionary();
        info.setString(COSName.REGISTRY, "Adobe");
        info.setString(COSName.ORDERING, "GB1");
        info.setInt(COSName.SUPPLEMENT, 2);
        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "STSong-Light");
        descriptor.setInt(COSName.FLAGS, 6);
        COSArray bbox = new COSArray();
        for (int v : new int[] {0, -200, 1000, 900}) {
            bbox.add(COSInteger.get(v));
        }
        descriptor.setItem(COSName.FONT_BBOX, bbox);
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 880);
        descriptor.setInt(COSName.DESCENT, -120);
        descriptor.setInt(COSName.CAP_HEIGHT, 880);
        descriptor.setInt(COSName.STEM_V, 93);
        COSDictionary cid = new COSDictionary();
        cid.setItem(COSName.TYPE, COSName.FONT);
        cid.setItem(COSName.SUBTYPE, COSName.getPDFName("CIDFontType0"));
        cid.setName(COSName.BASE_FONT, "STSong-Light");
        cid.setItem(COSName.CIDSYSTEMINFO, info);
        cid.setItem(COSName.FONT_DESC, descriptor);
        cid.setInt(COSName.DW, 1000);
        COSArray descendants = new COSArray();
        descendants.add(cid);
        COSDictionary font = new COSDictionary();
        font.setItem(COSName.TYPE, COSName.FONT);
        font.setItem(COSName.SUBTYPE, COSName.TYPE0);
        font.setName(COSName.BASE_FONT, "STSong-Light-UniGB-UCS2-H");
        font.setName(COSName.ENCODING, "UniGB-UCS2-H");
        font.setItem(COSName.DESCENDANT_FONTS, descendants);
        return font;
    }
}
