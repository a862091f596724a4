package dev.oauthrouter.translate.anthropic;

/** Output limits of Anthropic models, from the models overview page. */
final class AnthropicModels {
    /** Smallest thinking budget Anthropic accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    // prefix -> max output tokens; longer prefixes first so "claude-opus-4-1" wins over "claude-opus-4"
    private static final String[][] MAX_OUTPUT = {
        {"claude-opus-4-6", "128000"},
        {"claude-opus-4-5", "64000"},
        {"claude-opus-4-1", "32000"},
        {"claude-opus-4", "32000"},
        {"claude-sonnet-4-6", "64000"},
        {"claude-sonnet-4-5", "64000"},
        {"claude-sonnet-4", "64000"},
        {"claude-haiku-4-5", "64000"},
        {"claude-3-7-sonnet", "64000"},
        {"claude-3-5-sonnet", "8192"},
        {"claude-3-5-haiku", "8192"},
        {"claude-3-opus", "4096"},
        {"claude-3-haiku", "4096"},
    };

    private AnthropicModels() {
    }

    /** Returns the model's output token maximum, or 0 when the model is not in the table. */
    static int maxOutputTokens(String model) {
        for (String[] row : MAX_OUTPUT) {
            if (model.startsWith(row[0])) {
                return Integer.parseInt(row[1]);
            }
        }
        return 0;
    }
}
