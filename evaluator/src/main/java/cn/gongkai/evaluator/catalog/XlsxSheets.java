package cn.gongkai.evaluator.catalog;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Uploaded xlsx workbooks read as a stream (POI's {@link XSSFReader} over the zip, SAX over the XML), one chosen
 * sheet at a time and under a {@link Budget}, so that what a read holds in memory is bounded by the budget and not by
 * the workbook: a 10 MB upload inside POI's zip-bomb ratio can hold nearly a gigabyte of sheet XML, and the object
 * model ({@code XSSFWorkbook}) builds every sheet of it at once. Over the budget a read stops and is {@link Refused}
 * with a message in Chinese saying which sheet and which limit.
 */
public final class XlsxSheets implements Closeable {

    /** Why a file was not read. */
    public enum Problem {
        /** not a zip workbook, damaged, or a zip bomb by POI's ratio check */
        NOT_XLSX,
        /** an OLE2 container holding an encrypted workbook */
        ENCRYPTED,
        /** an OLE2 container holding an Excel 97–2003 (xls) workbook */
        OLD_EXCEL,
        /** a sheet has more rows than the budget; the message names the sheet */
        TOO_MANY_ROWS,
        /** over another limit of the budget (cells, text, nesting); the message says which */
        TOO_LARGE
    }

    /** A file or sheet that is not read; {@link #getMessage()} is Chinese and fit to show to its sender. */
    public static final class Refused extends RuntimeException {
        private final Problem problem;
        private final String sheet;

        Refused(Problem problem, String sheet, String message) {
            super(message);
            this.problem = problem;
            this.sheet = sheet;
        }

        public Problem problem() {
            return problem;
        }

        /** The sheet that was being read, or null for the file as a whole. */
        public String sheet() {
            return sheet;
        }
    }

    /**
     * Limits of one read. {@code maxRowsAfterFirst}: rows numbered more than this after the sheet's first row refuse
     * it (the first row is usually the header); {@code maxColumns}: cells right of this many columns are read past and
     * dropped; {@code maxCells}: cells in the sheet, kept or not; {@code maxChars}: characters of text kept, shared
     * strings of the workbook included.
     */
    public record Budget(int maxRowsAfterFirst, int maxColumns, long maxCells, long maxChars) {
    }

    /** What a cell holds, as the file says. */
    public enum Kind {
        STRING, NUMBER, BOOLEAN, ERROR, BLANK
    }

    /** A cell: for NUMBER its value as written in the file ("1001" or "1001.0"), for BOOLEAN "0" or "1". */
    public record Cell(Kind kind, String value) {

        /** The cell as its sender sees it: text stripped, 1001 typed as a number reads "1001", not "1001.0". */
        public String text() {
            return switch (kind) {
                case STRING -> value.strip();
                case NUMBER -> number(value);
                case BOOLEAN -> String.valueOf("1".equals(value) || "true".equalsIgnoreCase(value));
                default -> "";
            };
        }

        private static String number(String raw) {
            try {
                return NumberToTextConverter.toText(Double.parseDouble(raw.strip()));
            } catch (NumberFormatException e) {
                return raw.strip();
            }
        }
    }

    /** A row: {@code number} as the spreadsheet program shows it (from 1); cells by column, null where none. */
    public record Row(int number, List<Cell> cells) {

        public Cell cell(int column) {
            return column < cells.size() ? cells.get(column) : null;
        }

        public String text(int column) {
            Cell cell = cell(column);
            return cell == null ? "" : cell.text();
        }
    }

    /** The rows of a sheet that has any, in order; rows the file leaves out are not in the list. */
    public record Sheet(String name, List<Row> rows) {
    }

    /** Excel's own limit for the text of one cell. */
    static final int MAX_CELL_CHARS = 32_767;
    /** Between two '<' of a sheet's XML: no tag, attribute or text of a real workbook comes near it. */
    private static final int MAX_TOKEN_BYTES = 1 << 20;
    /** Parts read whole by POI's package code (content types, relationships, the sheet list). */
    private static final long MAX_PACKAGE_PART_BYTES = 4L << 20;
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_DEPTH = 64;

    private final Path file;
    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final List<String> names;
    private List<String> sharedStrings;
    private long sharedChars;

    private XlsxSheets(Path file, OPCPackage pkg, XSSFReader reader, List<String> names) {
        this.file = file;
        this.pkg = pkg;
        this.reader = reader;
        this.names = names;
    }

    /** Opens an upload; nothing of its sheets is read yet. The stream is copied to a temporary file, deleted on close. */
    public static XlsxSheets open(InputStream in) {
        Path file;
        try {
            file = Files.createTempFile("gongkai-upload-", ".xlsx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return open(file);
        } catch (IOException | RuntimeException e) {
            delete(file);
            if (e instanceof Refused refused) {
                throw refused;
            }
            throw notXlsx();
        }
    }

    private static XlsxSheets open(Path file) throws IOException {
        FileMagic magic = FileMagic.valueOf(file.toFile());
        if (magic == FileMagic.OLE2) {
            try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
                var root = fs.getRoot();
                if (root.hasEntryCaseInsensitive("EncryptionInfo") || root.hasEntryCaseInsensitive("EncryptedPackage")) {
                    throw new Refused(Problem.ENCRYPTED, null, "文件已加密");
                }
                if (root.hasEntryCaseInsensitive("Workbook") || root.hasEntryCaseInsensitive("Book")) {
                    throw new Refused(Problem.OLD_EXCEL, null, "这是旧版 Excel（xls）文件");
                }
            }
            throw notXlsx();
        }
        if (magic != FileMagic.OOXML) {
            throw notXlsx();
        }
        checkPackageParts(file);
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            List<String> names = new ArrayList<>();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                sheets.next().close();
                names.add(sheets.getSheetName());
            }
            return new XlsxSheets(file, pkg, reader, List.copyOf(names));
        } catch (Exception e) {
            if (pkg != null) {
                pkg.revert();
            }
            throw notXlsx();
        }
    }

    /**
     * POI's package code reads content types and relationships as DOM and the sheet list whole; those parts must be
     * small before it is let at them. The sheets and shared strings are streamed under the budget instead.
     */
    private static void checkPackageParts(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int entries = 0;
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (++entries > MAX_ENTRIES) {
                    throw new Refused(Problem.TOO_LARGE, null, "工作簿中的部件过多（超过 " + MAX_ENTRIES + " 个）");
                }
                String name = entry.getName();
                if (name.endsWith(".rels") || name.equals("[Content_Types].xml") || name.endsWith("workbook.xml")) {
                    try (InputStream part = zip.getInputStream(entry)) {
                        byte[] buffer = new byte[8192];
                        long size = 0;
                        for (int n; (n = part.read(buffer)) > 0; ) {
                            size += n;
                            if (size > MAX_PACKAGE_PART_BYTES) {
                                throw tooLarge(null, "的结构部件“" + name + "”超过 " + (MAX_PACKAGE_PART_BYTES >> 20)
                                        + " MB，不像是表格程序保存的文件");
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refused refused) {
                throw refused;
            }
            throw notXlsx();
        }
    }

    private static Refused notXlsx() {
        return new Refused(Problem.NOT_XLSX, null, "不是有效的 xlsx 文件");
    }

    /** The names of the sheets, in the workbook's order. */
    public List<String> names() {
        return names;
    }

    /** Reads the sheet at {@code index} (in {@link #names()}) within {@code budget}. */
    public Sheet read(int index, Budget budget) {
        String name = names.get(index);
        try {
            if (sharedStrings == null) {
                sharedStrings = sharedStrings(budget);
            }
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            for (int i = 0; sheets.hasNext(); i++) {
                try (InputStream in = sheets.next()) {
                    if (i == index) {
                        SheetHandler handler = new SheetHandler(name, budget, sharedStrings, sharedChars);
                        parse(in, handler, name);
                        return new Sheet(name, Collections.unmodifiableList(handler.rows));
                    }
                }
            }
            throw new IllegalArgumentException("no sheet " + index);
        } catch (Refused e) {
            throw e;
        } catch (IOException | org.apache.poi.openxml4j.exceptions.OpenXML4JException | RuntimeException e) {
            throw new Refused(Problem.NOT_XLSX, name, "不是有效的 xlsx 文件：无法读取工作表“" + name + "”");
        }
    }

    private List<String> sharedStrings(Budget budget) throws IOException {
        InputStream in;
        try {
            in = reader.getSharedStringsData();
        } catch (Exception none) {
            // a workbook of numbers alone has no shared strings
            return List.of();
        }
        if (in == null) {
            return List.of();
        }
        try (in) {
            StringsHandler handler = new StringsHandler(budget);
            parse(in, handler, null);
            sharedChars = handler.chars;
            return handler.strings;
        }
    }

    private static void parse(InputStream in, DefaultHandler handler, String sheet) throws IOException {
        try {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(handler);
            xml.parse(new InputSource(new TokenGuard(in, sheet)));
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException e) {
            if (e instanceof SAXException sax && sax.getException() instanceof Refused refused) {
                throw refused;
            }
            throw new IOException(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Refused tooLarge(String sheet, String what) {
        return new Refused(Problem.TOO_LARGE, sheet, (sheet == null ? "工作簿" : "工作表“" + sheet + "”") + what);
    }

    @Override
    public void close() {
        pkg.revert();
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file left behind is the system's to clean; the import itself is unharmed
        }
    }

    /**
     * Refuses XML with any single token (tag, attribute, text run, comment) over {@link #MAX_TOKEN_BYTES}: a SAX
     * parser holds a whole attribute value or comment in memory, and nothing else bounds their size.
     */
    private static final class TokenGuard extends FilterInputStream {
        private final String sheet;
        private long sinceMark;
        private boolean special;
        private int previous;
        private int beforePrevious;

        TokenGuard(InputStream in, String sheet) {
            super(in);
            this.sheet = sheet;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                see(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i] & 0xFF);
            }
            return n;
        }

        private void see(int b) {
            if (special) {
                // inside <!-- … --> or <![CDATA[ … ]]>, where '<' may occur: ends at "-->" or "]]>"
                if (b == '>' && previous == beforePrevious && (previous == '-' || previous == ']')) {
                    special = false;
                    sinceMark = 0;
                }
            } else if (b == '<') {
                sinceMark = 0;
            } else if (b == '!' && previous == '<') {
                special = true;
            }
            if (++sinceMark > MAX_TOKEN_BYTES) {
                throw tooLarge(sheet, "中有超过 1 MB 的单一内容（标签、属性或文字），不像是表格程序保存的文件");
            }
            beforePrevious = previous;
            previous = b;
        }
    }

    /** The shared strings table, counted against the budget as it is read. */
    private static final class StringsHandler extends DefaultHandler {
        private final Budget budget;
        final List<String> strings = new ArrayList<>();
        long chars;
        private final StringBuilder text = new StringBuilder();
        private int depth;
        private boolean inText;
        private int phonetic;

        StringsHandler(Budget budget) {
            this.budget = budget;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (++depth > MAX_DEPTH) {
                throw tooLarge(null, "的共享文字表嵌套过深");
            }
            switch (localName) {
                case "si" -> text.setLength(0);
                case "rPh" -> phonetic++;
                case "t" -> inText = phonetic == 0;
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
            switch (localName) {
                case "si" -> {
                    if (strings.size() >= budget.maxCells()) {
                        throw tooLarge(null, "的共享文字超过 " + budget.maxCells() + " 条");
                    }
                    chars += text.length();
                    if (chars > budget.maxChars()) {
                        throw tooLarge(null, "中的文字超过 " + budget.maxChars() + " 个字符");
                    }
                    strings.add(text.toString());
                }
                case "rPh" -> phonetic--;
                case "t" -> inText = false;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText) {
                if (text.length() + length > MAX_CELL_CHARS) {
                    throw tooLarge(null, "中有超过 " + MAX_CELL_CHARS + " 个字符的文字，超出 Excel 单元格的上限");
                }
                text.append(ch, start, length);
            }
        }
    }

    /** One sheet's rows, within the budget. */
    private static final class SheetHandler extends DefaultHandler {
        private final String name;
        private final Budget budget;
        private final List<String> strings;
        private long chars;
        final List<Row> rows = new ArrayList<>();
        private int depth;
        private long cells;
        private int firstRow = -1;
        private int rowNumber;
        private int column;
        private List<Cell> rowCells;
        private String type;
        private boolean inValue;
        private boolean inInline;
        private boolean inFormula;
        private final StringBuilder value = new StringBuilder();

        SheetHandler(String name, Budget budget, List<String> strings, long sharedChars) {
            this.name = name;
            this.budget = budget;
            this.strings = strings;
            this.chars = sharedChars;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (++depth > MAX_DEPTH) {
                throw tooLarge(name, "的内容嵌套过深");
            }
            switch (localName) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    rowNumber = r == null ? rowNumber + 1 : parsePositive(r);
                    if (firstRow < 0) {
                        firstRow = rowNumber;
                    } else if (rowNumber - firstRow > budget.maxRowsAfterFirst()
                            || rows.size() > budget.maxRowsAfterFirst()) {
                        // the second test catches rows that repeat a number instead of going past it
                        throw new Refused(Problem.TOO_MANY_ROWS, name, "工作表“" + name + "”超过 "
                                + budget.maxRowsAfterFirst() + " 行");
                    }
                    rowCells = new ArrayList<>();
                    column = -1;
                }
                case "c" -> {
                    if (++cells > budget.maxCells()) {
                        throw tooLarge(name, "的单元格超过 " + budget.maxCells() + " 个");
                    }
                    String r = attributes.getValue("r");
                    column = r == null ? column + 1 : new CellReference(r).getCol();
                    type = attributes.getValue("t");
                    value.setLength(0);
                }
                case "v" -> inValue = true;
                case "is" -> inInline = true;
                case "t" -> inValue = inInline;
                case "rPh" -> inInline = false;
                case "f" -> inFormula = true;
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
            switch (localName) {
                case "v", "t" -> inValue = false;
                case "f" -> inFormula = false;
                case "rPh" -> inInline = true;
                case "is" -> inInline = false;
                case "c" -> endCell();
                case "row" -> {
                    rows.add(new Row(rowNumber, Collections.unmodifiableList(rowCells)));
                    rowCells = null;
                }
                default -> {
                }
            }
        }

        private void endCell() {
            if (rowCells == null || column < 0 || column >= budget.maxColumns()) {
                return;
            }
            Cell cell = cell();
            if (cell.kind() == Kind.BLANK) {
                return; // reads as a missing cell; styled empty cells are common and need not be held
            }
            while (rowCells.size() < column) {
                rowCells.add(null);
            }
            if (rowCells.size() == column) {
                rowCells.add(cell);
            } else {
                rowCells.set(column, cell);
            }
        }

        private Cell cell() {
            String raw = value.toString();
            String t = type == null ? "n" : type;
            if (t.equals("s")) {
                try {
                    int index = Integer.parseInt(raw.strip());
                    return new Cell(Kind.STRING, strings.get(index));
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    return new Cell(Kind.BLANK, "");
                }
            }
            Kind kind = switch (t) {
                case "str", "inlineStr" -> Kind.STRING;
                case "b" -> Kind.BOOLEAN;
                case "e" -> Kind.ERROR;
                default -> raw.isEmpty() ? Kind.BLANK : Kind.NUMBER;
            };
            chars += raw.length();
            if (chars > budget.maxChars()) {
                throw tooLarge(name, "中的文字超过 " + budget.maxChars() + " 个字符");
            }
            return new Cell(kind, raw);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inValue && !inFormula) {
                if (value.length() + length > MAX_CELL_CHARS) {
                    throw tooLarge(name, "中有超过 " + MAX_CELL_CHARS + " 个字符的单元格，超出 Excel 的上限");
                }
                value.append(ch, start, length);
            }
        }

        private int parsePositive(String number) {
            try {
                int n = Integer.parseInt(number.strip());
                if (n < 1) {
                    throw new NumberFormatException(number);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new Refused(Problem.NOT_XLSX, name, "不是有效的 xlsx 文件：工作表“" + name + "”的行号有误");
            }
        }
    }
}
