package dev.oauthrouter.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.oauthrouter.providers.ProviderCatalog;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.openai.OpenAiCompatibleTranslator;

/**
 * Creates the translators the benchmark compares, by name. The OpenAI pass-through is built directly;
 * the others are looked up by class name so that this module compiles whichever of them a checkout
 * has ({@code bench/lib/report.sh} lists the same class names to decide which to run).
 */
final class Translators {
    private Translators() {
    }

    /** Returns the class name of a translator: openai, anthropic or gemini. */
    static String className(String name) {
        return switch (name) {
        case "openai" -> "dev.oauthrouter.translate.openai.OpenAiCompatibleTranslator";
        case "anthropic" -> "dev.oauthrouter.translate.anthropic.AnthropicTranslator";
        case "gemini" -> "dev.oauthrouter.translate.gemini.GeminiTranslator";
        default -> throw new IllegalArgumentException("unknown translator " + name);
        };
    }

    /**
     * Returns a new translator. Other than the OpenAI pass-through, it comes from a public no-argument
     * constructor, a constructor taking the provider name, or a static no-argument {@code create()}
     * factory, in that order.
     *
     * @throws IllegalStateException when the class is absent or offers none of these
     */
    static ChatTranslator create(String name) {
        if (name.equals("openai")) {
            return new OpenAiCompatibleTranslator(ProviderCatalog.OPENAI_COMPATIBLE, "bench");
        }
        String className = className(name);
        try {
            Class<?> type = Class.forName(className);
            for (Constructor<?> c : type.getConstructors()) {
                if (c.getParameterCount() == 0) {
                    return (ChatTranslator) c.newInstance();
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == String.class) {
                    return (ChatTranslator) c.newInstance(name);
                }
            }
            Method create = type.getMethod("create");
            if (Modifier.isStatic(create.getModifiers())) {
                return (ChatTranslator) create.invoke(null);
            }
            throw new IllegalStateException(className + " has no usable constructor or create()");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not in this build", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }
}
