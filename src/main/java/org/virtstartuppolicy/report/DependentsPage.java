package org.virtstartuppolicy.report;

import java.util.List;
import org.virtstartuppolicy.host.Dependents;

/**
 * The dependents page's model (dependents.jte), made from the same dependents as the JSON: whether
 * anything uses the paths, the tree from them up to every image and guest disk that does, and the
 * guest disks whose chains break before they could be told.
 *
 * @param verdict the summary line: what uses the paths, or that nothing does
 */
record DependentsPage(HtmlPage.Head head, boolean used, String verdict, Picture tree, List<Dependents.Broken> broken) {

    static DependentsPage of(Dependents dependents) {
        String what = String.join(", ", dependents.paths());
        long counted = dependents.broken().stream().filter(Dependents.Broken::counted).count();
        String verdict = dependents.anything()
                ? dependents.guests().size() + " guest disk(s), " + dependents.images().size() + " image(s)"
                        + (counted == 0 ? "" : " and " + counted + " broken chain(s) that would lead there") + " use " + what
                : "Nothing uses " + what + ": safe to remove.";
        return new DependentsPage(HtmlPage.head("virt-startup-policy dependents: " + what, false), dependents.anything(),
                verdict, TreeLayout.of(dependents), dependents.broken());
    }
}
