package org.medrobust.reports.allure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.medrobust.reports.csv.CsvExport;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.html.ThreatCharts;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;

/**
 * A campaign as Allure results (the allure-results directory format of allure-java 2.35.3, written with its
 * allure-model classes, as allure-jupiter would): one test per scenario and one per gate verdict, so that Allure's
 * Behaviors view groups them by epic (threat family), feature (threat) and story (severity), and its Suites view by
 * campaign, model and data split. Scenario tests carry the threat's parameters and their metrics and outcomes as
 * attachments, with index.html's chart of their threat (SVG) and the gallery images of their model under their
 * threat (PNG) where the report context has them; gate tests carry the measured value. Statuses: a completed scenario passed, a failed one is broken, a
 * skipped one skipped; a gate passed, failed, or broken when it could not be evaluated.
 *
 * <p>UUIDs are derived from the campaign and the scenario or gate (name-based), so the same report gives the same
 * file names, and Allure's history links the same scenario across releases (historyId).
 */
public final class AllureResults {

    private static final String PNG_URI = "data:image/png;base64,";

    private final ObjectMapper json = allureJson();
    private final Path dir;
    private final CampaignReport report;
    private final Map<String, Double> seconds;
    private final ReportContext context;
    private final List<ThreatCharts.Chart> charts;
    private final Map<String, String> written = new LinkedHashMap<>();

    private AllureResults(Path dir, CampaignReport report, Map<String, Double> seconds, ReportContext context) {
        this.dir = dir;
        this.report = report;
        this.seconds = seconds;
        this.context = context;
        this.charts = ThreatCharts.all(report);
    }

    /**
     * Writes the results into {@code dir} (created if needed) and returns the number of tests written.
     *
     * @param scenarioSeconds seconds per scenario (environment.json) for test durations; empty: zero durations
     * @param environment     shown in Allure's Environment widget (environment.properties)
     */
    public static int write(Path dir, CampaignReport report, Map<String, Double> scenarioSeconds,
            Map<String, String> environment) throws IOException {
        return write(dir, report, scenarioSeconds, environment, ReportContext.empty());
    }

    /**
     * The same, with index.html's charts (SVG, each file written once and attached to every scenario of its threat
     * and data split) and gallery images (PNG, each panel attached to the scenario it shows) as attachments.
     */
    public static int write(Path dir, CampaignReport report, Map<String, Double> scenarioSeconds,
            Map<String, String> environment, ReportContext context) throws IOException {
        Files.createDirectories(dir);
        AllureResults writer = new AllureResults(dir, report, scenarioSeconds, context);
        int tests = 0;
        for (ScenarioResult s : report.scenarios()) {
            writer.writeTest(writer.scenario(s));
            tests++;
        }
        for (GateVerdict g : report.gates()) {
            writer.writeTest(writer.gate(g));
            tests++;
        }
        StringBuilder properties = new StringBuilder();
        environment.forEach((key, value) -> properties.append(key.replaceAll("[=:\\s]", "_")).append('=')
                .append(value.replace("\\", "\\\\").replace("\n", " ")).append('\n'));
        Files.writeString(dir.resolve("environment.properties"), properties, StandardCharsets.ISO_8859_1);
        return tests;
    }

    private TestResult scenario(ScenarioResult s) throws IOException {
        String fullName = report.campaign() + "/" + s.id();
        TestResult test = base(fullName, s.model() + " / " + s.threat() + (s.severity() == 0 ? "" : " s" + s.severity()));
        test.setStatus(switch (s.status()) {
            case COMPLETED -> Status.PASSED;
            case FAILED -> Status.BROKEN;
            case SKIPPED -> Status.SKIPPED;
        });
        if (s.reason() != null) {
            test.setStatusDetails(new StatusDetails().setMessage(s.reason()));
        }
        List<Label> labels = test.getLabels();
        labels.add(label("epic", epic(s.family())));
        labels.add(label("feature", s.threat()));
        labels.add(label("story", s.severity() == 0 ? "clean" : "severity " + s.severity()));
        labels.add(label("severity", "CLEAN".equals(s.family()) ? "critical" : "normal"));
        labels.add(label("parentSuite", report.campaign()));
        labels.add(label("suite", s.model()));
        labels.add(label("subSuite", s.dataset() + "/" + s.split()));
        labels.add(label("tag", s.family().toLowerCase(Locale.ROOT)));
        List<Parameter> parameters = test.getParameters();
        parameters.add(parameter("model", s.model()));
        parameters.add(parameter("data", s.dataset() + "/" + s.split()));
        parameters.add(parameter("severity", String.valueOf(s.severity())));
        if (s.parameters() != null) {
            s.parameters().forEach((key, value) -> parameters.add(parameter(key, String.valueOf(value))));
        }
        if (s.metrics() != null) {
            test.setDescription(String.format(Locale.ROOT, "accuracy %.4f [%.4f, %.4f] (%d/%d)",
                    s.metrics().accuracy(), s.metrics().accuracyCi95()[0], s.metrics().accuracyCi95()[1],
                    s.metrics().correct(), s.metrics().samples()));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("metrics", s.metrics());
            if (s.attack() != null) {
                metrics.put("attack", s.attack());
            }
            test.getAttachments().add(attach(fullName + "#metrics", "metrics", "application/json", "json",
                    ResultJson.pretty().writeValueAsString(metrics)));
            CampaignReport one = new CampaignReport(report.schema(), report.campaign(), report.seed(), Map.of(), "",
                    List.of(), List.of(), List.of(s), List.of());
            test.getAttachments().add(attach(fullName + "#outcomes", "outcomes", "text/csv", "csv",
                    CsvExport.outcomes(one)));
        }
        for (ThreatCharts.Chart chart : charts) {
            if (chart.threat().equals(s.threat()) && chart.dataset().equals(s.dataset() + "/" + s.split())) {
                test.getAttachments().add(attachOnce(report.campaign() + "/chart/" + chart.title(),
                        "chart: " + chart.title(), "image/svg+xml", "svg",
                        chart.standalone().getBytes(StandardCharsets.UTF_8)));
            }
        }
        gallery(s, fullName, test);
        long millis = Math.round(seconds.getOrDefault(s.id(), 0.0) * 1000);
        test.setStart(0L).setStop(millis);
        return test;
    }

    /** The gallery panels showing this scenario: its model, its data split, its threat and severity (or clean). */
    private void gallery(ScenarioResult s, String fullName, TestResult test) throws IOException {
        String caption = "CLEAN".equals(s.family()) ? "clean" : s.severity() == 0 ? s.threat()
                : s.threat() + " s" + s.severity();
        for (ReportContext.GalleryItem item : context.gallery()) {
            if (!item.model().equals(s.model()) || !item.dataset().equals(s.dataset() + "/" + s.split())) {
                continue;
            }
            for (ReportContext.Panel panel : item.panels()) {
                String uri = panel.pngDataUri();
                if (panel.caption().equals(caption) && uri.startsWith(PNG_URI)) {
                    test.getAttachments().add(attachOnce(fullName + "#gallery/" + item.index(), "gallery: sample "
                            + item.index() + ", label " + item.label() + ", predicted " + panel.prediction(),
                            "image/png", "png", Base64.getDecoder().decode(uri.substring(PNG_URI.length()))));
                }
            }
        }
    }

    private TestResult gate(GateVerdict g) throws IOException {
        String fullName = report.campaign() + "/gate/" + g.gate() + "/" + g.subject();
        TestResult test = base(fullName, "gate " + g.gate() + " on " + g.subject());
        test.setStatus(switch (g.status()) {
            case PASS -> Status.PASSED;
            case FAIL -> Status.FAILED;
            case NOT_EVALUATED -> Status.BROKEN;
        });
        test.setStatusDetails(new StatusDetails().setMessage(g.detail()));
        test.getLabels().add(label("epic", "gates"));
        test.getLabels().add(label("feature", g.gate()));
        test.getLabels().add(label("severity", "blocker"));
        test.getLabels().add(label("parentSuite", report.campaign()));
        test.getLabels().add(label("suite", "gates"));
        test.getParameters().add(parameter("gate", g.gate()));
        test.getParameters().add(parameter("subject", g.subject()));
        test.getAttachments().add(attach(fullName + "#verdict", "verdict", "text/plain", "txt",
                g.status().label() + ": " + g.detail() + "\n"));
        test.setStart(0L).setStop(0L);
        return test;
    }

    private TestResult base(String fullName, String name) {
        String uuid = uuid(fullName);
        TestResult test = new TestResult().setUuid(uuid).setHistoryId(md5(fullName)).setTestCaseId(md5(fullName))
                .setFullName(fullName).setName(name).setStage(Stage.FINISHED);
        test.setLabels(new ArrayList<>(List.of(label("framework", "medrobust"), label("language", "java"))));
        test.setParameters(new ArrayList<>());
        test.setAttachments(new ArrayList<>());
        return test;
    }

    private Attachment attach(String key, String name, String type, String extension, String content)
            throws IOException {
        String source = uuid(key) + "-attachment." + extension;
        Files.writeString(dir.resolve(source), content, StandardCharsets.UTF_8);
        return new Attachment().setName(name).setType(type).setSource(source);
    }

    /** An attachment file written the first time its key is seen, referenced by every test that attaches it. */
    private Attachment attachOnce(String key, String name, String type, String extension, byte[] content)
            throws IOException {
        String source = written.get(key);
        if (source == null) {
            source = uuid(key) + "-attachment." + extension;
            Files.write(dir.resolve(source), content);
            written.put(key, source);
        }
        return new Attachment().setName(name).setType(type).setSource(source);
    }

    private void writeTest(TestResult test) throws IOException {
        Files.writeString(dir.resolve(test.getUuid() + "-result.json"), json.writeValueAsString(test),
                StandardCharsets.UTF_8);
    }

    /** The threat families as people name them (the words). */
    static String epic(String family) {
        return switch (family) {
            case "CLEAN" -> "clean";
            case "PERTURBATION" -> "sensor noise";
            case "EVASION" -> "adversarial manipulation";
            case "FAULT" -> "hardware faults";
            case "DOMAIN_SHIFT" -> "domain shift";
            default -> family.toLowerCase(Locale.ROOT);
        };
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }

    private static Parameter parameter(String name, String value) {
        return new Parameter().setName(name).setValue(value);
    }

    private static String uuid(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String md5(String key) {
        return uuid(key).replace("-", "");
    }

    /** allure-java writes enums by their value ("passed", "finished") and leaves nulls out; so do we. */
    private static ObjectMapper allureJson() {
        SimpleModule enums = new SimpleModule()
                .addSerializer(Status.class, by(Status::value))
                .addSerializer(Stage.class, by(Stage::value));
        return JsonMapper.builder().addModule(enums).serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    private static <T> JsonSerializer<T> by(java.util.function.Function<T, String> value) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T item, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(value.apply(item));
            }
        };
    }
}
