package cn.gongkai.crawler;

/** Fitting strings into the column sizes of the schema. */
final class Text {

    private Text() {
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair: MariaDB would refuse the lone half
        }
        return s.substring(0, end);
    }
}
