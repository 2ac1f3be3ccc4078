package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.suite.cli.CliTest.Result;

/**
 * A user's site profile (what {@code site fit} prints) named in a campaign config: read relative to the config's
 * folder (the test runs from the module directory, the config lives in a temporary folder), applied as a domain-shift
 * scenario, its SHA-256 recorded in report.json, environment.json, the dossier and the campaign identity; bad paths
 * and files stop the run with one line before anything is written.
 */
class SiteProfileCampaignTest {

    private static final String PROFILES = """
            sites:
              - name: ward_b
                modality: xray
                psfSigma: 0.9
                vignetting: 0.3
                noise: {model: poisson_gaussian, photons: 25, readSigma: 0.01}
                intensity: {gamma: 1.3}
              - name: ward_c
                jpegQuality: 30
            """;

    @TempDir
    Path tmp;

    private Path config(String threat) throws IOException {
        Path campaign = Files.createDirectories(tmp.resolve("campaign"));
        Files.createDirectories(campaign.resolve("profiles"));
        Files.writeString(campaign.resolve("profiles/wards.yaml"), PROFILES);
        return Files.writeString(campaign.resolve("c.yaml"), """
                seed: 3
                data: [{source: "builtin:phantom", limit: 40}]
                models: [{source: "builtin:phantom_cnn"}]
                threats: [%s]
                """.formatted(threat));
    }

    @Test
    void aProfileFileBecomesARecordedDomainShiftScenario() throws IOException {
        Path config = config("{id: site_ward_b, profile: profiles/wards.yaml}");
        Path out = tmp.resolve("out");
        Result run = CliTest.cli("run", "--config", config.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        String sha = Sha256.of(PROFILES);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode site = report.path("scenarios").get(1);
        assertThat(site.path("threat").asText()).isEqualTo("site_ward_b");
        assertThat(site.path("family").asText()).isEqualTo("DOMAIN_SHIFT");
        assertThat(site.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode p = site.path("parameters");
        assertThat(p.path("profileFile").asText()).isEqualTo("profiles/wards.yaml");
        assertThat(p.path("profileSha256").asText()).isEqualTo(sha);
        assertThat(p.path("psfSigma").asDouble()).isEqualTo(0.9);
        assertThat(p.path("photons").asDouble()).isEqualTo(25.0);
        assertThat(p.path("gamma").asDouble()).isEqualTo(1.3);
        assertThat(report.path("config").path("threats").get(0).path("profile").asText())
                .isEqualTo("profiles/wards.yaml");
        JsonNode environment = new ObjectMapper().readTree(out.resolve("environment.json").toFile());
        assertThat(environment.path("siteProfiles").get(0).path("sha256").asText()).isEqualTo(sha);
        assertThat(Files.readString(out.resolve("dossier.html"))).contains("site profile", sha);
        assertThat(Files.readString(out.resolve("journal.jsonl")).lines().findFirst().orElseThrow()).contains(sha);

        // the same config and files give the same report; an edited profile is other content: not resumed
        Path again = tmp.resolve("again");
        assertThat(CliTest.cli("run", "--config", config.toString(), "--out", again.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(again.resolve("report.json"))).isEqualTo(Files.readAllBytes(out.resolve("report.json")));
        Files.writeString(config.resolveSibling("profiles/wards.yaml"), PROFILES.replace("0.9", "1.9"));
        Result edited = CliTest.cli("run", "--config", config.toString(), "--out", out.toString());
        assertThat(edited.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(edited.err()).contains("profiles/wards.yaml changed since these results were written");
    }

    @Test
    void badProfilePathsAndFilesAreOneLineErrors() throws IOException {
        Files.writeString(tmp.resolve("outside.yaml"), PROFILES);
        expectError("{id: site_ward_b, profile: profiles/none.yaml}", "site profile 'profiles/none.yaml' not found");
        expectError("{id: site_ward_b, profile: ../outside.yaml}", "leads outside the config's folder");
        expectError("{id: site_ward_b, profile: " + tmp.resolve("outside.yaml") + "}", "leads outside the config's folder");
        expectError("{id: site_ward_b, profile: profiles}", "(it is a directory)");
        expectError("{id: site_ward_x, profile: profiles/wards.yaml}", "names no profile of profiles/wards.yaml",
                "[site_ward_b, site_ward_c]");
        expectError("{id: site_ward_b, profile: profiles/wards.yaml, severities: [2]}", "one level");
        expectError("{id: site_ward_b, profile: ''}", "'profile' is empty");
        Path config = config("{id: site_ward_b, profile: profiles/bad.yaml}");
        Files.writeString(config.resolveSibling("profiles/bad.yaml"), "sites:\n  - name: ward_b\n    blur: 2\n");
        assertOneLine(CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("o").toString()),
                "c.yaml: threat 'site_ward_b': profiles/bad.yaml: unknown key 'blur'");
        Files.write(config.resolveSibling("profiles/bad.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertOneLine(CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("o").toString()),
                "is not UTF-8 text");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    private void expectError(String threat, String... fragments) throws IOException {
        Path config = config(threat);
        assertOneLine(CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("o").toString()), fragments);
    }

    private static void assertOneLine(Result result, String... fragments) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("medrobust: ").contains(fragments);
    }
}
