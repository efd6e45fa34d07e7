package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.ToolError;

/** A misspelt name in a site rule is one problem that says which name was meant. */
class MisspellingTest {
    private static final String HEADER = """
            package site.test;
            import org.virtstartuppolicy.facts.DiskFact;
            import org.virtstartuppolicy.facts.PolicyClaim;
            import org.virtstartuppolicy.facts.Policy;
            import org.virtstartuppolicy.domain.Device;

            rule "Media are optional"
                ruleflow-group "%s"
            when
                $disk : %s
            then
                insert(new PolicyClaim($disk, Policy.%s, "media"));
            end
            """;

    private static List<String> problems(String stage, String pattern, String policy) {
        List<RuleFile> files = new ArrayList<>(RuleFiles.inForce(null, List.of()));
        files.add(new RuleFile("media.drl", HEADER.formatted(stage, pattern, policy)));
        return assertThrows(ToolError.class, () -> PolicyRules.compile(files)).problems();
    }

    @Test
    void aMisspeltFactTypeIsOneProblemNamingTheTypeMeant() {
        assertEquals(List.of("media.drl:10: unknown fact type 'DiskFakt' (did you mean 'DiskFact'?)"),
                problems("site-policy", "DiskFakt(device == Device.CDROM)", "OPTIONAL"));
    }

    @Test
    void aMisspeltFactTypeOfAWildcardImportIsOneProblemToo() {
        String rule = """
                package site.test;
                import org.virtstartuppolicy.facts.*;

                rule "Media are optional"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFakt(removable == true)
                then
                    System.out.println($disk.target());
                end
                """;
        List<RuleFile> files = new ArrayList<>(RuleFiles.inForce(null, List.of()));
        files.add(new RuleFile("media.drl", rule));
        assertEquals(List.of("media.drl:7: unknown fact type 'DiskFakt' (did you mean 'DiskFact'?)"),
                assertThrows(ToolError.class, () -> PolicyRules.compile(files)).problems());
    }

    @Test
    void aMisspeltFieldOrConstantNamesTheOneMeant() {
        assertEquals(List.of("media.drl:10: DiskFact has no field 'devise' (did you mean 'device'?) (in: devise =="
                        + " Device.CDROM)"),
                problems("site-policy", "DiskFact(devise == Device.CDROM)", "OPTIONAL"));
        assertEquals(List.of("media.drl:10: Device has no constant 'CDRM' (did you mean 'CDROM'?) (in: device =="
                        + " Device.CDRM)"),
                problems("site-policy", "DiskFact(device == Device.CDRM)", "OPTIONAL"));
        assertEquals(List.of("media.drl:7: Policy has no constant 'OPTINAL' (did you mean 'OPTIONAL'?) (in the rule's"
                        + " then)"),
                problems("site-policy", "DiskFact(device == Device.CDROM)", "OPTINAL"));
    }

    @Test
    void aMisspeltStageNamesTheStageMeant() {
        List<String> problems = problems("site-polcy", "DiskFact(device == Device.CDROM)", "OPTIONAL");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("media.drl:7: rule 'Media are optional' is in stage 'site-polcy', which does not exist, so it never"
                + " fires (did you mean 'site-policy'?): site rules go in \"site-policy\" (PolicyClaim) or \"site-action\""
                + " (ActionOverride)", problems.get(0));
    }
}
