package io.memberlist.spring.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StreamUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warns at startup about every {@code memberlist.*} key that is no memberlist setting, naming the closest
 * one: a misspelled {@code memberlist.join.seed} is otherwise ignored and leaves a silent cluster of one.
 * The valid keys are those of the configuration metadata the starter ships (so every documented property,
 * including the ones only conditions read); map and list properties accept any key or index below them.
 *
 * <p>Environment variables are not checked: Kubernetes defines {@code MEMBERLIST_SERVICE_HOST},
 * {@code MEMBERLIST_PORT} and the like in every pod of a namespace with a Service named {@code memberlist}.
 */
public class UnknownPropertyCheck implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(UnknownPropertyCheck.class);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(MemberlistProperties.PREFIX);
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private final ConfigurableEnvironment environment;

    public UnknownPropertyCheck(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        Map<ConfigurationPropertyName, Boolean> known = knownProperties(getClass().getClassLoader());
        for (String warning : unknownKeys(known)) {
            log.warn(warning);
        }
    }

    /** One message per unknown key, in the order the sources are searched. */
    List<String> unknownKeys(Map<ConfigurationPropertyName, Boolean> known) {
        List<String> warnings = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || isEnvironmentVariables(source)) {
                continue;
            }
            iterable.stream().filter(ROOT::isAncestorOf).filter(name -> !isKnown(name, known)).forEach(name -> {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                String origin = property == null || property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
                warnings.add("memberlist: '" + name + "'" + origin + " is not a memberlist property and is ignored;"
                        + " did you mean '" + closest(name.toString(), known) + "'?");
            });
        }
        return warnings;
    }

    private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> p
                && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(p.getName());
    }

    private static boolean isKnown(ConfigurationPropertyName name, Map<ConfigurationPropertyName, Boolean> known) {
        return known.entrySet().stream().anyMatch(k -> k.getKey().equals(name)
                || k.getValue() && k.getKey().isAncestorOf(name));
    }

    /** The known key nearest to {@code key} by edit distance. */
    static String closest(String key, Map<ConfigurationPropertyName, Boolean> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigurationPropertyName k : known.keySet()) {
            int d = levenshtein(key, k.toString());
            if (d < bestDistance) {
                best = k.toString();
                bestDistance = d;
            }
        }
        return best;
    }

    private static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The {@code memberlist.*} properties of every configuration metadata file on the class path, each mapped
     * to whether keys below it are allowed (a map or a list).
     */
    static Map<ConfigurationPropertyName, Boolean> knownProperties(ClassLoader classLoader) {
        Map<ConfigurationPropertyName, Boolean> known = new LinkedHashMap<>();
        try {
            Enumeration<URL> files = classLoader.getResources(METADATA);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    Map<String, Object> json = JsonParserFactory.getJsonParser()
                            .parseMap(StreamUtils.copyToString(in, StandardCharsets.UTF_8));
                    if (json.get("properties") instanceof List<?> properties) {
                        properties.forEach(p -> add(p, known));
                    }
                }
            }
        } catch (IOException e) {
            log.debug("memberlist: cannot read the configuration metadata; unknown keys are not reported", e);
        }
        return known;
    }

    private static void add(Object property, Map<ConfigurationPropertyName, Boolean> known) {
        if (property instanceof Map<?, ?> p && p.get("name") instanceof String name
                && ConfigurationPropertyName.isValid(name)) {
            ConfigurationPropertyName n = ConfigurationPropertyName.of(name);
            if (ROOT.isAncestorOf(n)) {
                String type = String.valueOf(p.get("type"));
                known.put(n, type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                        || type.endsWith("[]"));
            }
        }
    }
}
