package dev.loadtest.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UriTextTest {
    @Test
    void aValidURLIsLeftAsItIs() {
        String url = "http://[::1]:8080/a/b;c=1/%41%2F?x=[1]&y=a+b";
        assertThat(UriText.requote(url)).isSameAs(url);
    }

    @Test
    void whatAURIMayNotHoldIsEscapedAndTheRestKept() {
        assertThat(UriText.requote("http://h/s/red shoes/\"x\"/{y}|^`\\?q=a b&p=[1]"))
                .isEqualTo("http://h/s/red%20shoes/%22x%22/%7By%7D%7C%5E%60%5C?q=a%20b&p=[1]");
        assertThat(UriText.requote("http://h/p[1]")).isEqualTo("http://h/p%5B1%5D");
        assertThat(UriText.requote("http://h/50%/%4/%41")).isEqualTo("http://h/50%25/%254/%41");
        assertThat(UriText.requote("http://h/ü😀")).isEqualTo("http://h/%C3%BC%F0%9F%98%80");
        assertThat(UriText.requote("/relative path")).isEqualTo("/relative%20path");
        assertThat(UriText.requote("http://h?q=a b")).describedAs("no path").isEqualTo("http://h?q=a%20b");
        assertThat(UriText.requote("http://h/tags/c#?q=C# and F#"))
                .describedAs("a request has no fragment: '#' is data")
                .isEqualTo("http://h/tags/c%23?q=C%23%20and%20F%23");
    }

    @Test
    void whatItMakesIsAURI() {
        String odd = "http://h:1/ \"<>\\^`{|}%zz[]#?[]% ü#";
        URI uri = URI.create(UriText.requote(odd));
        assertThat(uri.getPath()).isEqualTo("/ \"<>\\^`{|}%zz[]#");
        assertThat(uri.getQuery()).isEqualTo("[]% ü#");
        assertThat(uri.getFragment()).isNull();
    }
}
