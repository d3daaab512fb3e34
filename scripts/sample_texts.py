"""Post templates for scripts/make_sample_mentions.py (fictional brands, written for the demo)."""

from __future__ import annotations

import random

BRAND_TERMS = {
    "Northwind Coffee": [
        "Northwind",
        "northwind",
        "@northwind",
        "#northwindcoffee",
        "Northwind Coffee",
        "NORTHWIND",
        "Northwind's",
    ],
    "Bluebird Roasters": [
        "Bluebird",
        "Bluebird Roasters",
        "@bluebirdroasters",
        "#bluebirdroasters",
        "bluebird",
    ],
    "Harbor Beans": ["Harbor Beans", "@harborbeans", "#harborbeans", "harbor beans"],
}

PRODUCTS = [
    "cold brew",
    "oat flat white",
    "espresso",
    "latte",
    "cinnamon bun",
    "house blend",
    "decaf",
    "cappuccino",
    "filter coffee",
    "mocha",
    "chai latte",
    "beans",
    "app",
    "loyalty card",
    "drive-through",
]
PLACES = [
    "downtown",
    "at the station",
    "near campus",
    "on Main Street",
    "at the airport",
    "in Kallio",
    "by the harbour",
    "at the mall",
]
HAPPY = ["", "", "", " 😍", " ☕", " 🙌", " :)", " ❤️", " 👍"]
SAD = ["", "", "", " 😡", " 🙄", " :(", " 👎", " 😤"]
TAGS = ["", "", "", " #coffee", " #coffeetime", " #mondaymotivation", " #latteart", " #cafe"]
LINKS = [
    "",
    "",
    "",
    "",
    " https://pbs.twimg.com/media/cup.jpg",
    " https://youtu.be/nwvlog",
    " https://dailybrew.example/review",
]

TEMPLATES: dict[str, list[str]] = {
    "positive": [
        "Best {product} in town, {brand} never disappoints{happy}{tag}",
        "{brand} {product} {place} made my morning{happy}",
        "Honestly love the new {product} from {brand}{happy}{link}",
        "Thank you {brand} for the friendly service {place}! Great start to the day{happy}",
        "{brand} is my happy place. That {product} is amazing{happy}{tag}",
        "Wow, {brand} nailed the {product} today. So good!{happy}",
        "Shoutout to the barista at {brand} {place}, awesome {product}{happy}",
        "The {product} at {brand} is perfect on a cold day{happy}{tag}",
        "Can't believe how good the {brand} {product} is. Highly recommend{happy}{link}",
        "{brand} got my order right and fast, excellent as always{happy}",
        "Treated myself to a {product} from {brand}, worth it{happy}{tag}",
        "Really enjoying the cozy vibe at {brand} {place}{happy}",
    ],
    "neutral": [
        "Grabbing a {product} at {brand} {place}{tag}",
        "Does {brand} have a {product} without sugar?",
        "{brand} {place} opens at 7 on weekdays I think",
        "Trying the {brand} {product} for the first time{tag}{link}",
        "Anyone know if {brand} takes reservations for groups?",
        "{brand} vs the place next door, which {product} should I get?",
        "Meeting a friend at {brand} {place} later{tag}",
        "New menu board at {brand} {place}{link}",
        "Is the {brand} {app} down or is it just me?",
        "Picked up {brand} {product} on the way to work",
    ],
    "negative": [
        "Waited 25 minutes for a {product} at {brand} {place}. Not ok{sad}",
        "{brand} got my order wrong again. Cold {product} and rude staff{sad}",
        "The {brand} {product} tastes burnt lately, disappointed{sad}",
        "Why is {brand} so expensive now? {product} price went up again{sad}{tag}",
        "{brand} app keeps crashing when I pay. Terrible{sad}",
        "Worst {product} I've had in ages, come on {brand}{sad}",
        "Dirty tables and a long queue at {brand} {place}. Never again{sad}",
        "{brand} please fix your {product}, it used to be good{sad}",
        "Overpriced and bland, {brand} is not worth it{sad}{link}",
    ],
    "campaign_positive": [
        "The #NorthwindAutumn menu is here and the {product} is amazing{happy} {brand}",
        "Loving the #NorthwindAutumn cups at {brand} {place}{happy} https://northwind.example/autumn",
        "That {brand} autumn ad is so cozy #NorthwindAutumn{happy} https://youtu.be/nwautumn",
        "Pumpkin {product} from {brand}? Yes please! #NorthwindAutumn{happy}",
        "#NorthwindAutumn giveaway from {brand}, fingers crossed{happy} https://northwind.example/autumn",
    ],
    "campaign_neutral": [
        "Saw the #NorthwindAutumn posters {place} {brand}",
        "Is the #NorthwindAutumn {product} at every {brand}? https://northwind.example/autumn",
        "{brand} launched #NorthwindAutumn today https://youtu.be/nwautumn",
    ],
    "crisis": [
        "Mold in {brand} cold brew?? That's disgusting{sad} #northwindcoffee",
        "Is there a {brand} cold brew recall? Just saw the mold photo{sad}",
        "Throwing out my {brand} cold brew after that mold post. Gross{sad}",
        "{brand} needs to answer about the mold in the cold brew NOW{sad}",
        "Not buying {brand} again until they explain the mold. Recall it!{sad}",
        "My kid drank {brand} cold brew this morning and now I see mold reports. Scared{sad}",
    ],
    "defence": [
        "My {brand} cold brew looks fine, let's wait for facts before the recall talk",
        "{brand} says they are looking into the cold brew photo. Good to hear",
    ],
}

FINNISH = [
    "Paras {product} ikinä, kiitos {brand}! Tosi hyvä palvelu{happy}",
    "{brand} {product} oli taas aivan liian kallis ja huono, en suosittele{sad}",
    "Onko {brand} auki myös sunnuntaina? Kiitos jo etukäteen",
    "Tämä {brand} kahvila on ihana, käyn siellä joka aamu{happy}",
]


def fill(rng: random.Random, template: str, brand: str) -> str:
    """One post from a template, with the brand named in one of its usual ways."""
    return template.format(
        brand=rng.choice(BRAND_TERMS[brand]),
        product=rng.choice(PRODUCTS),
        place=rng.choice(PLACES),
        happy=rng.choice(HAPPY),
        sad=rng.choice(SAD),
        tag=rng.choice(TAGS),
        link=rng.choice(LINKS),
        app="app",
    )
