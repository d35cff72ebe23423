package io.openenv4j.envs.blackjack;

import io.openenv4j.core.EnvironmentException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fixed deal from the reset option {@code initial_state}: both hands and the cards to draw next, in order.
 *
 * @param player the player's cards, at least two, not bust
 * @param dealer the dealer's cards, at least two; the first is face up
 * @param deck the next cards to draw (hits, then the dealer's draws), possibly empty
 */
record Deal(List<Integer> player, List<Integer> dealer, List<Integer> deck) {

    private static final Set<String> KEYS = Set.of("player", "dealer", "deck");

    Deal {
        player = List.copyOf(player);
        dealer = List.copyOf(dealer);
        deck = List.copyOf(deck);
    }

    /** The deal the option describes, or {@code null} when the option is absent. */
    static Deal of(Object option) {
        if (option == null) {
            return null;
        }
        if (!(option instanceof Map<?, ?> deal) || !KEYS.containsAll(deal.keySet())) {
            throw new EnvironmentException("reset option 'initial_state' must be an object"
                    + " {\"player\": [cards], \"dealer\": [cards], \"deck\": [cards]}, got " + option);
        }
        var player = cards(deal.get("player"), "player", 2);
        if (BlackjackEnvironment.sum(player) > 21) {
            throw new EnvironmentException(
                    "reset option 'initial_state': the player's hand " + player + " is already bust");
        }
        var deck = deal.get("deck") == null ? List.<Integer>of() : cards(deal.get("deck"), "deck", 0);
        return new Deal(player, cards(deal.get("dealer"), "dealer", 2), deck);
    }

    private static List<Integer> cards(Object value, String name, int atLeast) {
        if (value instanceof List<?> list
                && list.size() >= atLeast
                && list.stream().allMatch(Deal::isCard)) {
            return list.stream().map(card -> ((Number) card).intValue()).toList();
        }
        throw new EnvironmentException("reset option 'initial_state': '" + name + "' must be a list of at least "
                + atLeast + " cards, each 1 (ace) to 10 (ten or face card), got " + value);
    }

    private static boolean isCard(Object card) {
        return card instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 10;
    }
}
