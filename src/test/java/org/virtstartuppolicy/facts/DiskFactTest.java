package org.virtstartuppolicy.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.domain.DriveAddress;

class DiskFactTest {
    private static final RecordComponent[] COMPONENTS = DiskFact.class.getRecordComponents();

    @Test
    void equalsComparesEveryComponentAsARecordWould() throws ReflectiveOperationException {
        Object[] values = values(0);
        DiskFact disk = make(values);
        DiskFact same = make(values(0));
        assertEquals(disk, same);
        assertEquals(disk.hashCode(), same.hashCode());
        for (int i = 0; i < COMPONENTS.length; i++) {
            Object[] changed = values.clone();
            changed[i] = values(1)[i];
            assertNotEquals(disk, make(changed), "a disk differing in " + COMPONENTS[i].getName() + " is another disk");
        }
    }

    /** Every component set, each to a value that differs with {@code variant}. */
    private static Object[] values(int variant) {
        return Arrays.stream(COMPONENTS).map(component -> {
            Class<?> type = component.getType();
            if (type == int.class) {
                return variant;
            }
            if (type == boolean.class) {
                return variant == 1;
            }
            if (type == Long.class) {
                return (long) variant;
            }
            if (type == DriveAddress.class) {
                return new DriveAddress(0, 0, 0, variant);
            }
            return component.getName() + variant;
        }).toArray();
    }

    private static DiskFact make(Object[] values) throws ReflectiveOperationException {
        Constructor<DiskFact> constructor = DiskFact.class.getDeclaredConstructor(
                Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return constructor.newInstance(values);
    }
}
