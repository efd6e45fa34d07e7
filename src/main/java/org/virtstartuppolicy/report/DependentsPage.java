package org.virtstartuppolicy.report;

import java.util.List;
import org.virtstartuppolicy.host.Dependents;

/**
 * The dependents page's model (src/main/jte/dependents.jte), made from the same dependents as the JSON: whether
 * anything uses the paths, the tree from them up to every image and guest disk that does, and the
 * guest disks whose chains break before they could be told.
 *
 * @param verdict the summary line: what uses the paths, or that nothing does
 */
record DependentsPage(HtmlPage.Head head, boolean used, String verdict, Picture tree, List<Dependents.Broken> broken) {

    static DependentsPage of(Dependents dependents) {
        return new DependentsPage(HtmlPage.head("virt-startup-policy dependents: " + String.join(", ", dependents.paths()),
                false), dependents.anything(), DependentsDocument.summary(dependents), TreeLayout.of(dependents),
                dependents.broken());
    }
}
