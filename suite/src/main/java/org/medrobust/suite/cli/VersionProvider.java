package org.medrobust.suite.cli;

import org.medrobust.suite.report.RunEnvironment;
import picocli.CommandLine;

/** The version from the jar manifest ("development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"medrobust " + RunEnvironment.version()};
    }
}
