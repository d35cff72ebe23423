package io.openenv4j.envs.blackjack;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Execution;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Blackjack-v1 with Gymnasium's rules: cards are drawn with replacement from an infinite deck (1 = ace, 2 to
 * 9, and 10 four times as likely for ten, jack, queen and king); the dealer gets two cards, one showing, then
 * the player two. The player hits until sticking or going over 21 (a loss, -1, at once); after a stick the
 * dealer draws until reaching 17 or more (standing on a soft 17) and the closer hand to 21 wins: +1, 0 or -1.
 * An ace counts 11 while that does not bust the hand (a usable ace).
 *
 * <p>Reset options mirror Gymnasium's constructor: {@code natural} (a natural blackjack that wins pays 1.5)
 * and {@code sab} (Sutton and Barto's rules: a player's natural beats any dealer hand but a natural; it
 * overrides {@code natural}); both default to false, as Gymnasium's class does (note that {@code
 * gym.make("Blackjack-v1")} registers {@code sab=True}). Option {@code initial_state}, {@code {"player":
 * [cards], "dealer": [cards], "deck": [cards]}}, deals fixed hands and stacks the next cards drawn; when the
 * stack runs out, draws come from the reset's seed (a random one when absent), which makes the whole episode
 * reproducible in Java, though not equal to numpy's draws for the same seed.
 *
 * <p>An action other than 0 or 1, a step before any reset or after the episode ended throws {@link
 * EnvironmentException}. Not thread-safe; the server gives each session its own instance.
 */
public final class BlackjackEnvironment
        implements Environment<
                BlackjackEnvironment.Action, BlackjackEnvironment.Observation, BlackjackEnvironment.BlackjackState> {

    public static final String NAME = "blackjack";
    private static final int[] DECK = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10};

    /** One decision. */
    @Description("Decide: 0 sticks (stop and let the dealer play), 1 hits (take another card).")
    public record Action(@Description("0 = stick, 1 = hit") int action) {}

    /** What the agent sees: Gymnasium's triple, plus the cards and the outcome spelled out. */
    @Description("The table after the step. Get closer to 21 than the dealer without going over.")
    public record Observation(
            @Description("The player's total, counting an ace as 11 when that does not exceed 21")
            int playerSum,

            @Description("The dealer's face-up card: 1 = ace, 10 = ten or face card")
            int dealerCard,

            @Description("Whether the player holds an ace that counts 11 (so a hit cannot bust)")
            boolean usableAce,

            @Description("The player's cards (1 = ace, 10 = ten or face card)")
            List<Integer> playerCards,

            @Description("The dealer's cards as far as shown: the face-up card while the player plays, the whole"
                    + " hand once the episode is over")
            List<Integer> dealerCards,

            @Description("win, loss or draw once the episode is over; null while it goes on")
            String result,

            @Description("Always false: Blackjack has no step limit")
            boolean truncated) {

        public Observation {
            playerCards = List.copyOf(playerCards);
            dealerCards = List.copyOf(dealerCards);
        }
    }

    /** The whole deal. */
    @Description("The episode's full state, including the dealer's hidden card.")
    public record BlackjackState(
            String episodeId,
            long stepCount,
            @Description("The player's cards") List<Integer> playerCards,

            @Description("The dealer's cards, hidden card included")
            List<Integer> dealerCards,

            @Description("Stacked cards still to be drawn before the seeded deck")
            List<Integer> stackedCards,

            @Description("win, loss or draw once the episode is over; null while it goes on")
            String result,

            @Description("Whether a winning natural pays 1.5")
            boolean natural,

            @Description("Whether Sutton and Barto's natural rule applies")
            boolean sab,

            @Description("The seed of the episode's draws") long seed)
            implements State {

        public BlackjackState {
            playerCards = List.copyOf(playerCards);
            dealerCards = List.copyOf(dealerCards);
            stackedCards = List.copyOf(stackedCards);
        }
    }

    private final List<Integer> player = new ArrayList<>();
    private final List<Integer> dealer = new ArrayList<>();
    private final ArrayDeque<Integer> stacked = new ArrayDeque<>();
    private SplittableRandom random;
    private boolean natural;
    private boolean sab;
    private String result;
    private final Episode episode = new Episode("hand");

    /** How to serve it. */
    public static EnvSpec<Action, Observation, BlackjackState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "Blackjack-v1 (Gymnasium rules, infinite deck) against a dealer who stands on 17;"
                                        + " action {\"action\": 0|1} (stick, hit); reward +1 win, 0 draw, -1 loss."),
                        Action.class,
                        Observation.class,
                        BlackjackState.class,
                        BlackjackEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        long newSeed = Episode.seedFor(request);
        boolean newNatural = flag(request, "natural");
        boolean newSab = flag(request, "sab");
        Deal deal = Deal.of(request.option("initial_state", null));
        random = new SplittableRandom(newSeed);
        stacked.clear();
        stacked.addAll(deal == null ? List.of() : deal.deck());
        player.clear();
        dealer.clear();
        // Gymnasium deals the dealer's two cards first, then the player's.
        dealer.addAll(deal != null ? deal.dealer() : List.of(draw(), draw()));
        player.addAll(deal != null ? deal.player() : List.of(draw(), draw()));
        natural = newNatural;
        sab = newSab;
        result = null;
        episode.begin(request, newSeed);
        return Step.of(observation(), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        if (action.action() != 0 && action.action() != 1) {
            throw new EnvironmentException("action must be 0 (stick) or 1 (hit), got " + action.action());
        }
        episode.advance();
        double reward = 0.0;
        if (action.action() == 1) {
            player.add(draw());
            if (sum(player) > 21) {
                reward = -1.0;
                result = "loss";
            }
        } else {
            while (sum(dealer) < 17) {
                dealer.add(draw());
            }
            reward = Integer.signum(score(player) - score(dealer));
            if (sab && isNatural(player) && !isNatural(dealer)) {
                reward = 1.0;
            } else if (!sab && natural && isNatural(player) && reward == 1.0) {
                reward = 1.5;
            }
            result = reward > 0 ? "win" : reward < 0 ? "loss" : "draw";
        }
        if (result != null) {
            episode.end(result);
        }
        return Step.of(observation(), reward, episode.over());
    }

    @Override
    public BlackjackState state() {
        return new BlackjackState(
                episode.id(),
                episode.steps(),
                player,
                dealer,
                List.copyOf(stacked),
                result,
                natural,
                sab,
                episode.seed());
    }

    private Observation observation() {
        return new Observation(
                sum(player),
                dealer.get(0),
                usableAce(player),
                player,
                result == null ? dealer.subList(0, 1) : dealer,
                result,
                false);
    }

    private int draw() {
        Integer next = stacked.poll();
        return next != null ? next : DECK[random.nextInt(DECK.length)];
    }

    static boolean usableAce(List<Integer> hand) {
        return hand.contains(1) && raw(hand) + 10 <= 21;
    }

    /** The hand's total, counting one ace as 11 when that does not bust it. */
    static int sum(List<Integer> hand) {
        return raw(hand) + (usableAce(hand) ? 10 : 0);
    }

    private static int raw(List<Integer> hand) {
        return hand.stream().mapToInt(Integer::intValue).sum();
    }

    private static int score(List<Integer> hand) {
        return sum(hand) > 21 ? 0 : sum(hand);
    }

    private static boolean isNatural(List<Integer> hand) {
        return hand.size() == 2 && hand.contains(1) && hand.contains(10);
    }

    private static boolean flag(ResetRequest request, String key) {
        if (request.option(key, Boolean.FALSE) instanceof Boolean value) {
            return value;
        }
        throw new EnvironmentException(
                "reset option '" + key + "' must be true or false, got " + request.option(key, null));
    }
}
