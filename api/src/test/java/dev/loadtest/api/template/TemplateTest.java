package dev.loadtest.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.api.template.TemplateRef.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

    @Test
    void splitsTextIntoLiteralsAndReferencesInOrder() {
        Template t = Template.parse("Bearer ${token} for ${env.USER}!");

        assertThat(t.parts())
                .containsExactly(
                        "Bearer ",
                        new TemplateRef(Kind.VARIABLE, "token", null),
                        " for ",
                        new TemplateRef(Kind.ENV, "USER", null),
                        "!");
        assertThat(t.references()).extracting(TemplateRef::name).containsExactly("token", "USER");
        assertThat(t.isConstant()).isFalse();
    }

    @Test
    void recognisesEachKindOfReference() {
        assertThat(Template.parse("${env.API_KEY}").references())
                .containsExactly(new TemplateRef(Kind.ENV, "API_KEY", null));
        assertThat(Template.parse("${data.queries.text}").references())
                .containsExactly(new TemplateRef(Kind.DATA, "queries", "text"));
        assertThat(Template.parse("${vu.id}${vu.iteration}${random.uuid}").references())
                .extracting(TemplateRef::kind)
                .containsExactly(Kind.BUILTIN, Kind.BUILTIN, Kind.BUILTIN);
        assertThat(Template.parse("${order_id}").references())
                .containsExactly(new TemplateRef(Kind.VARIABLE, "order_id", null));
    }

    @Test
    void spacesInsideBracesAreIgnored() {
        assertThat(Template.parse("${ env.HOST }").references())
                .containsExactly(new TemplateRef(Kind.ENV, "HOST", null));
    }

    @Test
    void referenceWritesItselfBackAsWritten() {
        assertThat(Template.parse("${data.queries.text}").references().get(0)).hasToString("${data.queries.text}");
        assertThat(Template.parse("${env.X}").references().get(0)).hasToString("${env.X}");
        assertThat(Template.parse("${vu.id}").references().get(0)).hasToString("${vu.id}");
        assertThat(Template.parse("${token}").references().get(0)).hasToString("${token}");
    }

    @Test
    void textWithoutReferencesIsOneConstantPart() {
        Template t = Template.parse("/api/query");
        assertThat(t.parts()).containsExactly("/api/query");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.references()).isEmpty();
    }

    @Test
    void emptyTextHasNoParts() {
        assertThat(Template.parse("").parts()).isEmpty();
    }

    @Test
    void doubleDollarIsALiteralDollarAndNotAReference() {
        Template t = Template.parse("price: $$5 and $${env.X}");
        assertThat(t.parts()).containsExactly("price: $5 and ${env.X}");
        assertThat(t.isConstant()).isTrue();
    }

    @Test
    void escapedDollarFollowedByAReference() {
        assertThat(Template.parse("$$${env.X}").parts()).containsExactly("$", new TemplateRef(Kind.ENV, "X", null));
    }

    @Test
    void loneDollarIsKeptLiterally() {
        assertThat(Template.parse("cost $5, end $").parts()).containsExactly("cost $5, end $");
    }

    @Test
    void unclosedReferenceNamesItsCharacterAndTheEscape() {
        assertThatThrownBy(() -> Template.parse("Bearer ${token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'${' at character 8 is not closed by '}'")
                .hasMessageContaining("$$ for a literal $");
    }

    @Test
    void dataReferenceWithoutColumnAsksForTheColumn() {
        assertThatThrownBy(() -> Template.parse("q=${data.x}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'${data.x}' at character 3")
                .hasMessageContaining("names no column; write ${data.x.COLUMN}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${}", "${1abc}", "${a b}", "${env:X}", "${env.}", "${data.x.}", "${data..col}"})
    void textInsideBracesThatIsNotANameIsRejectedListingTheForms(String text) {
        assertThatThrownBy(() -> Template.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at character 1")
                .hasMessageContaining("is not a reference")
                .hasMessageContaining("${env.NAME}, ${data.FILE.COLUMN}, ${vu.id} or ${variable}");
    }
}
