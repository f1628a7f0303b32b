"""An independent people generator for identity-resolution benchmarks, from the literature.

.venv/bin/python -m bench.independent_people --persons 10000 --seed 1 \\
    --output records.csv --truth truth.csv

Writes records in `cdp resolve`'s canonical columns (source_name, source_record_id, first_name,
last_name, date_of_birth, email, phone, street_address, postcode, city, country) and a truth file
(source_name, source_record_id, true_person_id). It shares no code, table or rate with
`cdp generate`; the corruption model below was written from the record-linkage literature, not
from our matcher, and was not tuned against it.

Persons
-------
- N true persons in five countries (GB 45 %, FR 35 %, DE 8 %, BE 7 %, IE 5 %). Names come from
  an English, a French and an "other" pool (German, Spanish, Italian, Portuguese, Dutch,
  Flemish, Polish, Irish, Arabic, Turkish, West African, South Asian, Chinese, Vietnamese); a
  person's pool follows the country (e.g. 75 % French names in France). First names by sex.
- Frequencies are heavy-tailed: rank r has weight 1 / (r + q)^s (Zipf–Mandelbrot); surnames
  s = 1, q = 30 over ~2,800 names (real names at the head, morpheme-built names in the tail), so
  the commonest surname holds ~0.7 % of persons, as the commonest surnames of England and
  France do; first names s = 1, q = 8. Surname frequency follows a power law (Fox & Lasker 1983;
  Christen & Pudjijono 2009 draw names from frequency tables for the same reason).
- Records per person: 1–4, truncated Zipf with s = 1.2 (FEBRL's generator offers uniform,
  Poisson and Zipf duplicate distributions; Christen 2005, dsgen/README: dataset3 is Zipf).
  Share 1/2/3/4 records ≈ 0.53 / 0.23 / 0.14 / 0.10.
- Birth dates uniform 1935-01-01 … 2006-12-31; emails derived from the name (first.last,
  firstlast, f.last, first_last, last.first, with digits on collisions and 25 % of the time) at
  the person's country's common domains; phones mobile (70 %) or landline in the national
  numbering plan; one address (house number, street, postcode, city) per person.
- Moves: 10 % of persons have a second address (half in the same city); email changes: 10 %
  have a second email at another domain; a record of such a person takes either one.
  Surname change (marriage): 2 % of women have a second surname used by some records.

Records: each one corrupted independently (rate; source)
---------------------------------------------------------
- Missing value: first name 10 %, last name 10 %, birth date 15 %, email 20 %, phone 20 %,
  street 15 %, postcode 12 %, city 12 %, country 10 % (FEBRL dsgen: miss_prob of a modified
  date of birth 0.10; the issue asks for 10–20 % per field).
- Typographical error, per field: first name 5 %, last name 5 %, street 8 %, city 4 %,
  postcode 4 %, email 3 %, phone 4 %, birth date 3 % (a keyed digit, the date stays valid)
  (Christen & Pudjijono 2009; GeCo, Tran et al. 2013; 3–8 % asked by the issue).
- Kind of typo: substitution 55 %, deletion 20 %, insertion 15 %, transposition 10 % — between
  Damerau 1964 (59 / 16 / 10 / 2 % of 964 errors) and Peterson 1986 (substitution 27–40 %,
  deletion 32–34 %, insertion 19–20 %, transposition 3–13 %).
- A second typo in the same field: 8 % of typos (Pollock & Zamora 1984: 90–95 % of
  misspellings hold a single error).
- Substituted key: a neighbour on the same keyboard row 40 %, same column 30 %, else any
  character (FEBRL dsgen single_typo_prob); position Gaussian around one past the middle with
  sd 1, so seldom the first letter (FEBRL error_position; Pollock & Zamora: 7.8 % of
  misspellings have a wrong first letter).
- OCR-like substitution (rn/m, cl/d, li/h, o/0, l/1, S/5, B/8): 1 % of names, streets and
  cities (Christen & Pudjijono 2009; GeCo's OCR corruptor).
- Phonetic error (ph/f, c/k, ie/y, y/i, doubled or single letters, ou/oo, ei/ai, eau/o, th/t,
  s/z, ault/o): 3 % of first names and of last names (Christen & Pudjijono 2009 phonetic
  rules; GeCo's phonetic corruptor).
- Nickname or name variant (Robert/Bob, William/Bill, Catherine/Kate, Jean-Pierre/JP,
  Mohamed/Mohammed): 12 % of records whose first name has one (GeCo's and sdglinkage's
  name-variant look-up tables; sdglinkage's example uses 35 %).
- First and last name swapped: 3 % of records (FEBRL field_swap_prob given/surname 0.05).
- Day and month swapped: 3 % of the birth dates whose day is ≤ 12 and ≠ month (FEBRL dob:
  select 0.10 × trans 0.30; sdglinkage trans_date).
- Accents dropped (Hélène → Helene): 30 % of records; whole record in capitals: 10 %; street
  type abbreviated (Street/St, rue/r., boulevard/bd, straße/str.): 20 % of addresses; GB
  postcode without its space: 20 % (format variation between sources, Christen 2012, Data
  Matching, ch. 3).
- Phone written national or international, 00- or +-prefixed, grouped, dotted or bare, drawn
  per record, in each country's numbering plan (GB, FR, DE, BE, IE).

Christen P., Pudjijono A. (2009) Accurate synthetic generation of realistic personal information,
PAKDD. Tran K.-N., Vatsalan D., Christen P. (2013) GeCo: an online personal data generator and
corruptor, CIKM. Christen P. (2005) Febrl dsgen/generate.py and README. Damerau F. (1964) A
technique for computer detection and correction of spelling errors, CACM. Pollock J., Zamora A.
(1984) Automatic spelling correction in scientific and scholarly text, CACM. Peterson J. (1986)
A note on undetected typing errors, CACM. Fox W., Lasker G. (1983) The distribution of surname
frequencies, Int. Stat. Review. Zhang H. et al. (2020) sdglinkage (CRAN). Splink's synthetic
data (splink_datasets.historical_50k, Linacre) corrupts with the same families: typos, name
variants, date errors, missing values and moves.

100,000 persons (~180,000 records) take well under a minute; a given --persons and --seed
always writes the same files.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from cdp.resolve import PERSON_COLUMNS

RECORD_COLUMNS = PERSON_COLUMNS
TRUTH_COLUMNS = ("source_name", "source_record_id", "true_person_id")
SOURCES = (("registry_a", 0.4), ("registry_b", 0.3), ("web_signup", 0.2), ("store_card", 0.1))

# ----------------------------------------------------------------------------------------------
# Corruption rates (see the module docstring for their sources). Tests read these.
MISSING_RATE = {
    "first_name": 0.10,
    "last_name": 0.10,
    "date_of_birth": 0.15,
    "email": 0.20,
    "phone": 0.20,
    "street_address": 0.15,
    "postcode": 0.12,
    "city": 0.12,
    "country": 0.10,
}
TYPO_RATE = {
    "first_name": 0.05,
    "last_name": 0.05,
    "street_address": 0.08,
    "city": 0.04,
    "postcode": 0.04,
    "email": 0.03,
    "phone": 0.04,
    "date_of_birth": 0.03,
}
TYPO_KINDS = (("substitute", 0.55), ("delete", 0.20), ("insert", 0.15), ("transpose", 0.10))
SECOND_TYPO_RATE = 0.08
OCR_RATE = 0.01
PHONETIC_RATE = {"first_name": 0.03, "last_name": 0.03}
NICKNAME_RATE = 0.12
NAME_SWAP_RATE = 0.03
DAY_MONTH_SWAP_RATE = 0.03
ACCENT_DROP_RATE = 0.30
UPPER_CASE_RATE = 0.10
STREET_ABBREVIATION_RATE = 0.20
POSTCODE_NO_SPACE_RATE = 0.20
MOVE_RATE = 0.10
EMAIL_CHANGE_RATE = 0.10
SURNAME_CHANGE_RATE = 0.02  # of women
RECORDS_PER_PERSON_ZIPF = 1.2
MAX_RECORDS_PER_PERSON = 4


# ----------------------------------------------------------------------------------------------
def _words(block: str) -> list[str]:
    """Whitespace-separated names; '_' stands for a space inside a name (Le_Gall)."""
    seen: dict[str, None] = {}
    for word in block.split():
        seen.setdefault(word.replace("_", " "), None)
    return list(seen)


# Name tables, head first (rough order of frequency in England and Wales, France, elsewhere).
ENGLISH_SURNAMES = """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson
Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams
Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews
Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells
Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page
Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne
Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle
Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles
Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan
Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson
Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher
Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis
Gibbs Ferguson Hayward Carroll Atkins Pope Fuller Phillipson Thornton Todd Kirby Sheppard Bolton
Naylor Humphreys Jeffery Hicks Sanderson Lord Fraser Schofield Cartwright Hancock Parkinson
Vaughan Rhodes Rushton Pickering Ashton Whittaker Mellor Kershaw Lucas Briggs Duncan MacDonald
"""
FRENCH_SURNAMES = """
Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre
Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent
Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand
Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson
Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly
Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux
Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe
Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy
Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez
Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault
Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le_Gall Collet Léger
Bouvier Julien Prévost Millet Perrot Daniel Le_Roux Cousin Germain Breton Besson Langlois Rémy
Le_Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger
Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier
Collin Chauvin Da_Silva Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau
Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte
Dupré Lebon Rocher Vallet Marin Devaux Chauvet Tanguy Bigot Riou Godard Laine Texier Poulet
Bouchard Lemercier Guillon Hoareau Leconte Ferrand Drouet Delmas Courtois Jouve Leduc Legros
"""
OTHER_SURNAMES = """
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Wolf
Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause García
González Rodríguez Fernández López Martínez Sánchez Pérez Gómez Díaz Hernández Álvarez Jiménez
Moreno Muñoz Romero Navarro Torres Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci
Marino Greco Bruno Gallo Conti De_Luca Costa Giordano Mancini Rizzo Lombardi Moretti Silva
Santos Ferreira Pereira Oliveira Rodrigues Alves Sousa Gonçalves De_Jong Jansen De_Vries
Van_den_Berg Van_Dijk Bakker Janssen Visser Smit Meijer De_Boer Mulder De_Groot Bos Vos Peeters
Maes Jacobs Mertens Willems Claes Goossens Wouters Nowak Kowalski Wiśniewski Wójcik Kowalczyk
Kamiński Lewandowski O'Sullivan Doherty McLaughlin Nguyen Tran Le Pham Wang Li Zhang Chen Liu
Yang Huang Zhao Wu Zhou Sharma Kumar Gupta Mehta Benali Haddad Mansouri Bouzid Belkacem Cherif
Brahimi Saidi Amrani Yilmaz Kaya Demir Şahin Çelik Diallo Traoré Koné Diop Ndiaye Camara Cissé
Keita Sow Ba Hamdi Bensaid Rahman Chowdhury Iqbal Malik Aziz Hossain Okafor Mensah Boateng
"""
# Morphemes for the tail of rarer surnames (deterministic, not drawn per seed).
_EN_ROOTS = _words(
    """
    Ash Brad Brook Crom Dun Fair Haw Kirk Lang Mar Pen Rad Stan Thorn Whit Win Ald Bar Black Brom
    Cald Cam Chad Dar Ed Hal Hor Lin Mor Nor Ox Rid Sel Shel Thur Wal Wes Wick Wor Yar Bel Bur Carl
    Elm Fen Hep Kel Mid Pres Sand
    """
)
_EN_SUFFIXES = _words("ford ley ton well by wood field ham worth combe stead bridge")
_FR_ROOTS = _words(
    """
    Beau Bel Bon Char Cour Fon Gar Lam Mar Mont Pel Ros Val Ver Vil Ber Bra Cha Clau Dor Fav Gir
    Lau Mal Nav Pon Rig Sau Tal Vau Bou Duc Fer Gre Jou Lan Mou Per Ser Tro
    """
)
_FR_SUFFIXES = _words("ard eau ier in ot et on ault ac y ès oux")
_OTHER_ROOTS = _words("Ka Ro Mi Sa To Ne Li Va Be Da Ko Ma Te Zo Ha Lu")
_OTHER_MIDDLES = _words("ra li no ve mo si ta ke")
_OTHER_SUFFIXES = _words("ski ez ini sen mann ov ić ian")

MALE_ENGLISH = """
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Paul Steven Andrew Kenneth Joshua Kevin Brian George Edward Ronald Timothy Jason
Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Peter Benjamin Samuel Alexander Patrick
Jack Oliver Harry Charlie Henry Alfred Frederick Arthur Leo Oscar Liam Noah Ethan Lucas Adam
Philip Simon Ian Graham Neil Stuart Gavin Craig Dean Lee Wayne Terence Raymond Dennis Leonard
Albert Francis Lewis Harvey Callum Connor Kieran Jamie Luke Gregory Martin Keith Colin Derek
"""
MALE_FRENCH = """
Jean Pierre Michel André Philippe Alain Jacques Bernard Daniel Christian Nicolas Patrick
Christophe Frédéric Laurent Stéphane Sébastien Julien David Thierry Éric Olivier Pascal François
Jean-Pierre Jean-Claude Jean-Louis Jean-Marc Jean-Paul Jean-François Jean-Luc Jean-Michel Didier
Dominique Gérard Guillaume Antoine Alexandre Maxime Thomas Romain Hugo Louis Lucas Gabriel
Raphaël Arthur Léo Mathis Théo Nathan Enzo Benoît Vincent Yves Marcel René Roger Claude Henri
Bruno Franck Cédric Mathieu Yannick Jérôme Fabrice Sylvain Emmanuel Arnaud Gilles Serge Hervé
"""
MALE_OTHER = """
Mohamed Ahmed Ali Omar Youssef Karim Mehdi Rachid Hassan Ibrahim Giovanni Giuseppe Marco Luca
Alessandro Francesco Carlos José Juan Antonio Manuel Miguel Francisco Pablo Javier João Pedro
Hans Klaus Jürgen Stefan Andreas Wolfgang Piotr Krzysztof Tomasz Jan Pieter Sean Raj Arjun
Sanjay Wei Jun Minh Duc Mamadou Moussa Ibrahima Mehmet Mustafa Kwame Emeka
"""
FEMALE_ENGLISH = """
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Margaret Lisa
Dorothy Sandra Ashley Kimberly Donna Emily Michelle Carol Amanda Melissa Deborah Stephanie
Rebecca Laura Helen Sharon Kathleen Amy Shirley Angela Anna Ruth Brenda Pamela Nicola Catherine
Katherine Christine Samantha Rachel Janet Victoria Olivia Amelia Isla Ava Mia Isabella Sophie
Grace Lily Freya Charlotte Ella Evie Poppy Chloe Hannah Lucy Abigail Gemma Joanne Julie Tracey
Claire Kelly Alison Jacqueline Gillian Wendy Alexandra Josephine Frances Judith Theresa Eleanor
"""
FEMALE_FRENCH = """
Marie Nathalie Isabelle Sylvie Catherine Françoise Martine Christine Monique Valérie Sandrine
Sophie Stéphanie Véronique Céline Chantal Nicole Anne Julie Aurélie Caroline Émilie Camille Laura
Manon Chloé Léa Emma Inès Jade Louise Alice Lina Zoé Léna Juliette Sarah Mathilde Pauline Marion
Élodie Virginie Laetitia Hélène Brigitte Jacqueline Danielle Michèle Marie-Claude Marie-Thérèse
Anne-Marie Marie-France Jeanne Geneviève Élise Agathe Margaux Océane Audrey Claire Patricia
Dominique Élisabeth Corinne Karine Delphine
"""
FEMALE_OTHER = """
Fatima Aïcha Khadija Yasmine Samira Leila Nadia Maria Giulia Francesca Chiara Sofia Ana Carmen
Lucía Isabel Elena Ursula Anke Katarzyna Agnieszka Priya Anjali Sunita Mei Thi Aminata Fatoumata
Ayşe Elif Zeynep Ingrid Sanne Siobhan Aoife Roisin Ngozi Ama
"""
# Full name -> variants used by people and clerks (nicknames, short forms, transliterations).
NAME_VARIANTS = {
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "William": ("Bill", "Will", "Billy"),
    "Richard": ("Rick", "Rich", "Dick"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Jack", "Johnny"),
    "Michael": ("Mike", "Mick"),
    "Joseph": ("Joe",),
    "Thomas": ("Tom", "Tommy"),
    "Charles": ("Charlie", "Chuck"),
    "Christopher": ("Chris",),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Steven": ("Steve",),
    "Stephen": ("Steve",),
    "Andrew": ("Andy", "Drew"),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Timothy": ("Tim",),
    "Jonathan": ("Jon",),
    "Nicholas": ("Nick",),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam",),
    "Alexander": ("Alex", "Sandy"),
    "Patrick": ("Pat", "Paddy"),
    "Peter": ("Pete",),
    "Philip": ("Phil",),
    "Henry": ("Harry", "Hank"),
    "Frederick": ("Fred", "Freddie"),
    "Albert": ("Al", "Bert"),
    "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"),
    "Terence": ("Terry",),
    "Raymond": ("Ray",),
    "Leonard": ("Len", "Lenny"),
    "David": ("Dave", "Davy"),
    "Jeffrey": ("Jeff",),
    "Gregory": ("Greg",),
    "Joshua": ("Josh",),
    "Jacob": ("Jake",),
    "Elizabeth": ("Liz", "Beth", "Betty", "Lizzie"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Catherine": ("Kate", "Cathy", "Kath"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Patricia": ("Pat", "Tricia"),
    "Jennifer": ("Jen", "Jenny"),
    "Susan": ("Sue", "Suzy"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky", "Becca"),
    "Samantha": ("Sam",),
    "Victoria": ("Vicky", "Tori"),
    "Abigail": ("Abby",),
    "Alexandra": ("Alex", "Sasha"),
    "Josephine": ("Jo", "Josie"),
    "Christine": ("Chris", "Chrissie"),
    "Jacqueline": ("Jackie",),
    "Nicola": ("Nicky",),
    "Pamela": ("Pam",),
    "Kimberly": ("Kim",),
    "Amanda": ("Mandy",),
    "Dorothy": ("Dot", "Dottie"),
    "Barbara": ("Barb",),
    "Judith": ("Judy",),
    "Frances": ("Fran",),
    "Theresa": ("Tess",),
    "Gillian": ("Gill",),
    "Stephanie": ("Steph",),
    "Olivia": ("Liv",),
    "Isabella": ("Bella", "Izzy"),
    "Charlotte": ("Lottie",),
    "Eleanor": ("Ellie", "Nell"),
    "Jean-Pierre": ("JP", "Jean Pierre"),
    "Jean-Claude": ("JC", "Jean Claude"),
    "Jean-François": ("JF", "Jean François"),
    "Jean-Luc": ("Jean Luc",),
    "Jean-Marc": ("Jean Marc",),
    "Frédéric": ("Fred",),
    "Christophe": ("Chris",),
    "Nicolas": ("Nico",),
    "Alexandre": ("Alex",),
    "Sébastien": ("Seb",),
    "Stéphane": ("Steph",),
    "Maxime": ("Max",),
    "Emmanuel": ("Manu",),
    "Dominique": ("Dom",),
    "Philippe": ("Phil",),
    "Isabelle": ("Isa",),
    "Nathalie": ("Nath",),
    "Valérie": ("Val",),
    "Véronique": ("Véro",),
    "Marie-Thérèse": ("Maïté",),
    "Anne-Marie": ("Annie",),
    "Élisabeth": ("Babeth", "Élise"),
    "Giuseppe": ("Beppe", "Joseph"),
    "Francesco": ("Franco",),
    "José": ("Pepe",),
    "Francisco": ("Paco",),
    "Mohamed": ("Mohammed", "Muhammad"),
    "Ahmed": ("Ahmad",),
    "Youssef": ("Youcef", "Yusuf"),
    "Aïcha": ("Aisha",),
    "Katarzyna": ("Kasia",),
    "Krzysztof": ("Krzys",),
    "Wolfgang": ("Wolf",),
}

# ----------------------------------------------------------------------------------------------
# Places. Country: weight, name-pool mix (english, french, other), cities (name, weight, postcodes).
COUNTRY_WEIGHTS = {"GB": 0.45, "FR": 0.35, "DE": 0.08, "BE": 0.07, "IE": 0.05}
NAME_POOL_MIX = {
    "GB": (0.75, 0.05, 0.20),
    "FR": (0.08, 0.75, 0.17),
    "DE": (0.05, 0.05, 0.90),
    "BE": (0.03, 0.55, 0.42),
    "IE": (0.80, 0.02, 0.18),
}
GB_CITIES = (
    ("London", 90, ("SW", "SE", "N", "E", "W", "NW")),
    ("Birmingham", 11, ("B",)),
    ("Manchester", 6, ("M",)),
    ("Leeds", 8, ("LS",)),
    ("Glasgow", 6, ("G",)),
    ("Liverpool", 5, ("L",)),
    ("Bristol", 5, ("BS",)),
    ("Sheffield", 6, ("S",)),
    ("Edinburgh", 5, ("EH",)),
    ("Cardiff", 4, ("CF",)),
    ("Leicester", 4, ("LE",)),
    ("Nottingham", 3, ("NG",)),
    ("Newcastle upon Tyne", 3, ("NE",)),
    ("Brighton", 3, ("BN",)),
    ("Southampton", 3, ("SO",)),
    ("Oxford", 2, ("OX",)),
    ("Cambridge", 2, ("CB",)),
    ("York", 2, ("YO",)),
    ("Norwich", 2, ("NR",)),
    ("Exeter", 1, ("EX",)),
    ("Bath", 1, ("BA",)),
    ("Reading", 2, ("RG",)),
    ("Coventry", 3, ("CV",)),
    ("Hull", 3, ("HU",)),
    ("Plymouth", 3, ("PL",)),
    ("Aberdeen", 2, ("AB",)),
    ("Belfast", 3, ("BT",)),
    ("Derby", 2, ("DE",)),
    ("Swansea", 2, ("SA",)),
    ("Stoke-on-Trent", 2, ("ST",)),
)
FR_CITIES = (
    ("Paris", 21, [f"750{d:02d}" for d in range(1, 21)]),
    ("Marseille", 9, [f"130{d:02d}" for d in range(1, 17)]),
    ("Lyon", 5, [f"6900{d}" for d in range(1, 10)]),
    ("Toulouse", 5, ["31000", "31100", "31200", "31300", "31400", "31500"]),
    ("Nice", 3, ["06000", "06100", "06200", "06300"]),
    ("Nantes", 3, ["44000", "44100", "44200", "44300"]),
    ("Strasbourg", 3, ["67000", "67100", "67200"]),
    ("Montpellier", 3, ["34000", "34070", "34080", "34090"]),
    ("Bordeaux", 3, ["33000", "33100", "33200", "33300", "33800"]),
    ("Lille", 2, ["59000", "59160", "59260", "59800"]),
    ("Rennes", 2, ["35000", "35200", "35700"]),
    ("Reims", 2, ["51100"]),
    ("Le Havre", 2, ["76600", "76610", "76620"]),
    ("Saint-Étienne", 2, ["42000", "42100"]),
    ("Toulon", 2, ["83000", "83100", "83200"]),
    ("Grenoble", 2, ["38000", "38100"]),
    ("Dijon", 2, ["21000"]),
    ("Angers", 2, ["49000", "49100"]),
    ("Nîmes", 2, ["30000", "30900"]),
    ("Villeurbanne", 2, ["69100"]),
    ("Clermont-Ferrand", 2, ["63000", "63100"]),
    ("Le Mans", 2, ["72000", "72100"]),
    ("Aix-en-Provence", 2, ["13090", "13100", "13290"]),
    ("Brest", 1, ["29200"]),
    ("Tours", 1, ["37000", "37100", "37200"]),
    ("Amiens", 1, ["80000", "80080", "80090"]),
    ("Limoges", 1, ["87000", "87100", "87280"]),
    ("Annecy", 1, ["74000"]),
    ("Perpignan", 1, ["66000", "66100"]),
    ("Metz", 1, ["57000", "57050", "57070"]),
    ("Besançon", 1, ["25000"]),
    ("Orléans", 1, ["45000", "45100"]),
    ("Rouen", 1, ["76000", "76100"]),
    ("Caen", 1, ["14000"]),
    ("Nancy", 1, ["54000", "54100"]),
    ("Avignon", 1, ["84000"]),
    ("Poitiers", 1, ["86000"]),
    ("La Rochelle", 1, ["17000"]),
    ("Pau", 1, ["64000"]),
    ("Versailles", 1, ["78000"]),
    ("Quimper", 1, ["29000"]),
    ("Vannes", 1, ["56000"]),
    ("Chartres", 1, ["28000"]),
    ("Colmar", 1, ["68000"]),
)
DE_CITIES = (
    ("Berlin", 36, (10115, 14199)),
    ("Hamburg", 18, (20095, 22769)),
    ("München", 15, (80331, 81929)),
    ("Köln", 11, (50667, 51149)),
    ("Frankfurt am Main", 8, (60306, 60599)),
    ("Stuttgart", 6, (70173, 70629)),
    ("Düsseldorf", 6, (40210, 40629)),
    ("Leipzig", 6, (4103, 4357)),
    ("Dortmund", 6, (44135, 44388)),
    ("Essen", 6, (45127, 45359)),
    ("Bremen", 5, (28195, 28779)),
    ("Dresden", 5, (1067, 1328)),
    ("Hannover", 5, (30159, 30669)),
    ("Nürnberg", 5, (90402, 90491)),
)
BE_CITIES = (
    ("Bruxelles", 12, (1000, 1210)),
    ("Antwerpen", 5, (2000, 2660)),
    ("Gent", 3, (9000, 9052)),
    ("Charleroi", 2, (6000, 6044)),
    ("Liège", 2, (4000, 4032)),
    ("Brugge", 1, (8000, 8200)),
    ("Namur", 1, (5000, 5101)),
    ("Leuven", 1, (3000, 3012)),
    ("Mons", 1, (7000, 7034)),
)
IE_CITIES = (
    ("Dublin", 12, [f"D{d:02d}" for d in range(1, 25)]),
    ("Cork", 2, ["T12", "T23"]),
    ("Galway", 1, ["H91"]),
    ("Limerick", 1, ["V94"]),
    ("Waterford", 1, ["X91"]),
)
GB_STREET_ROOTS = _words(
    """
    High Station Church Park Victoria Green Manor Kings Queens Mill New Chapel Grange Windsor
    Albert York Springfield Highfield Main London School North South West Orchard Meadow Oak Elm
    Cedar Willow Beech Hawthorn Cromwell Stanley Nelson Alexandra Richmond Cambridge Brook Hill
    Castle Bridge Market Water Mount Pleasant Clarence Princes Derby Grove Hollybush Ash
    """
)
GB_STREET_TYPES = (
    ("Street", "St"),
    ("Road", "Rd"),
    ("Lane", "Ln"),
    ("Avenue", "Ave"),
    ("Close", "Cl"),
    ("Drive", "Dr"),
    ("Way", "Way"),
    ("Gardens", "Gdns"),
    ("Place", "Pl"),
    ("Crescent", "Cres"),
)
FR_STREETS = (
    ("rue", "de la Paix"),
    ("rue", "Victor Hugo"),
    ("avenue", "Jean Jaurès"),
    ("rue", "de la République"),
    ("rue", "Pasteur"),
    ("boulevard", "Gambetta"),
    ("rue", "du Moulin"),
    ("rue", "de l'Église"),
    ("place", "de la Mairie"),
    ("chemin", "des Vignes"),
    ("allée", "des Tilleuls"),
    ("impasse", "des Lilas"),
    ("rue", "Jules Ferry"),
    ("rue", "du Général de Gaulle"),
    ("rue", "des Écoles"),
    ("avenue", "de la Gare"),
    ("rue", "Nationale"),
    ("rue", "Voltaire"),
    ("rue", "Émile Zola"),
    ("rue", "Carnot"),
    ("rue", "du Château"),
    ("rue", "des Jardins"),
    ("rue", "de Verdun"),
    ("rue", "Saint-Martin"),
    ("boulevard", "Voltaire"),
    ("avenue", "Foch"),
    ("rue", "Jean Moulin"),
    ("rue", "de Paris"),
    ("rue", "des Roses"),
    ("rue", "Louis Pasteur"),
    ("avenue", "de la Libération"),
    ("rue", "du Stade"),
    ("rue", "des Acacias"),
    ("quai", "de la Loire"),
    ("rue", "Anatole France"),
)
FR_STREET_ABBREVIATIONS = {
    "rue": "r.",
    "avenue": "av.",
    "boulevard": "bd",
    "place": "pl.",
    "chemin": "ch.",
    "allée": "all.",
    "impasse": "imp.",
    "quai": "qu.",
}
DE_STREETS = _words(
    """
    Hauptstraße Schulstraße Gartenstraße Bahnhofstraße Dorfstraße Bergstraße Birkenweg Lindenstraße
    Kirchstraße Waldstraße Ringstraße Schillerstraße Goethestraße Wiesenweg Mozartstraße Feldstraße
    Rosenstraße Friedhofstraße Kastanienallee Amselweg
    """
)
BE_STREETS = (
    "rue de la Station",
    "rue de l'Église",
    "avenue Louise",
    "chaussée de Waterloo",
    "rue Royale",
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Dorpstraat",
    "Nieuwstraat",
    "Schoolstraat",
    "Kapelstraat",
)
EMAIL_DOMAINS = {
    "GB": (
        ("gmail.com", 40),
        ("hotmail.co.uk", 15),
        ("yahoo.co.uk", 10),
        ("outlook.com", 12),
        ("btinternet.com", 8),
        ("icloud.com", 8),
        ("sky.com", 4),
        ("live.co.uk", 3),
    ),
    "FR": (
        ("gmail.com", 35),
        ("orange.fr", 15),
        ("hotmail.fr", 12),
        ("yahoo.fr", 9),
        ("free.fr", 9),
        ("laposte.net", 6),
        ("sfr.fr", 6),
        ("outlook.fr", 5),
        ("wanadoo.fr", 3),
    ),
    "DE": (
        ("gmail.com", 25),
        ("gmx.de", 25),
        ("web.de", 25),
        ("t-online.de", 15),
        ("outlook.de", 10),
    ),
    "BE": (
        ("gmail.com", 40),
        ("telenet.be", 20),
        ("skynet.be", 15),
        ("hotmail.com", 15),
        ("proximus.be", 10),
    ),
    "IE": (("gmail.com", 45), ("eircom.net", 20), ("hotmail.com", 20), ("yahoo.ie", 15)),
}

KEYBOARD_ROW = {
    "a": "s", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x", "1": "2", "2": "13", "3": "24", "4": "35", "5": "46", "6": "57",
    "7": "68", "8": "79", "9": "80", "0": "9",
}  # fmt: skip
KEYBOARD_COLUMN = {
    "a": "qzw", "b": "gh", "c": "df", "d": "erc", "e": "d", "f": "rvc", "g": "tbv", "h": "ybn",
    "i": "k", "j": "umn", "k": "im", "l": "o", "m": "jk", "n": "hj", "o": "l", "p": "l",
    "q": "a", "r": "f", "s": "wxz", "t": "gf", "u": "j", "v": "fg", "w": "s", "x": "sd",
    "y": "h", "z": "as", "1": "q", "2": "w", "3": "e", "4": "r", "5": "t", "6": "y", "7": "u",
    "8": "i", "9": "o", "0": "p",
}  # fmt: skip
OCR_PAIRS = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"), ("vv", "w"),
    ("o", "0"), ("O", "0"), ("l", "1"), ("I", "1"), ("S", "5"), ("s", "5"), ("B", "8"),
    ("g", "9"), ("e", "c"), ("u", "v"),
)  # fmt: skip
PHONETIC_RULES = (
    ("ph", "f"), ("f", "ph"), ("ck", "k"), ("c", "k"), ("k", "c"), ("ie", "y"), ("y", "ie"),
    ("y", "i"), ("i", "y"), ("ll", "l"), ("l", "ll"), ("nn", "n"), ("n", "nn"), ("tt", "t"),
    ("t", "tt"), ("ss", "s"), ("rr", "r"), ("ou", "oo"), ("ei", "ai"), ("ai", "ei"),
    ("eau", "o"), ("th", "t"), ("s", "z"), ("z", "s"), ("qu", "k"), ("x", "ks"), ("ault", "o"),
    ("er", "a"), ("ey", "y"), ("mm", "m"), ("gh", "g"), ("ae", "e"), ("dt", "t"),
)  # fmt: skip
LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"


# ----------------------------------------------------------------------------------------------
def _surname_table(head: list[str], roots: list[str], middles: list[str] | None,
                   suffixes: list[str]) -> list[str]:  # fmt: skip
    names = dict.fromkeys(head)
    if middles is None:
        for suffix in suffixes:
            for root in roots:
                names.setdefault(root + suffix, None)
    else:
        for suffix in suffixes:
            for middle in middles:
                for root in roots:
                    names.setdefault(root + middle + suffix, None)
    return list(names)


def zipf_weights(count: int, exponent: float, offset: float) -> np.ndarray:
    """Zipf–Mandelbrot weights 1 / (rank + offset)^exponent, summing to 1."""
    ranks = np.arange(1, count + 1, dtype=float)
    weights = 1.0 / np.power(ranks + offset, exponent)
    return weights / weights.sum()


SURNAMES = {
    "english": _surname_table(_words(ENGLISH_SURNAMES), _EN_ROOTS, None, _EN_SUFFIXES),
    "french": _surname_table(_words(FRENCH_SURNAMES), _FR_ROOTS, None, _FR_SUFFIXES),
    "other": _surname_table(_words(OTHER_SURNAMES), _OTHER_ROOTS, _OTHER_MIDDLES, _OTHER_SUFFIXES),
}
FIRST_NAMES = {
    ("M", "english"): _words(MALE_ENGLISH),
    ("M", "french"): _words(MALE_FRENCH),
    ("M", "other"): _words(MALE_OTHER),
    ("F", "english"): _words(FEMALE_ENGLISH),
    ("F", "french"): _words(FEMALE_FRENCH),
    ("F", "other"): _words(FEMALE_OTHER),
}
POOLS = ("english", "french", "other")


# ----------------------------------------------------------------------------------------------
@dataclass
class Person:
    person_id: str
    sex: str
    country: str
    first_name: str
    last_names: list[str]
    date_of_birth: date
    emails: list[str]
    phone_digits: str  # national significant number, without trunk prefix
    phone_is_mobile: bool
    # (house number, street, postcode, city); a second one for persons who moved
    addresses: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Generated:
    persons: list[Person]
    records: list[dict[str, str]]
    truth: list[dict[str, str]]
    # What was applied, by kind and field: counts of records (the tests check rates from them).
    applied: dict[str, int]


def _choose(rng: np.random.Generator, values: list, weights: np.ndarray, size: int) -> list:
    index = rng.choice(len(values), size=size, p=weights)
    return [values[i] for i in index]


def _city_tables() -> dict[str, tuple[list, np.ndarray]]:
    tables = {}
    for country, cities in (("GB", GB_CITIES), ("FR", FR_CITIES), ("DE", DE_CITIES),
                            ("BE", BE_CITIES), ("IE", IE_CITIES)):  # fmt: skip
        weights = np.array([weight for _, weight, _ in cities], dtype=float)
        tables[country] = (list(cities), weights / weights.sum())
    return tables


CITY_TABLES = _city_tables()
GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcode(country: str, postcodes, py: random.Random) -> str:
    if country == "GB":
        area = py.choice(postcodes)
        district = py.randint(1, 20 if area not in ("SW", "SE", "N", "E", "W", "NW") else 28)
        inward = f"{py.randint(0, 9)}{py.choice(GB_INWARD_LETTERS)}{py.choice(GB_INWARD_LETTERS)}"
        return f"{area}{district} {inward}"
    if country == "IE":
        routing = py.choice(postcodes)
        unique = py.choice("ACDEFHKNPRTVWXY") + "".join(
            py.choice("0123456789ACDEFHKNPRTVWXY") for _ in range(3)
        )
        return f"{routing} {unique}"
    if country in ("DE", "BE"):
        low, high = postcodes
        width = 5 if country == "DE" else 4
        return f"{py.randint(low, high):0{width}d}"
    return py.choice(postcodes)


def _address(country: str, rng: np.random.Generator, py: random.Random):
    cities, weights = CITY_TABLES[country]
    city, _, postcodes = cities[int(rng.choice(len(cities), p=weights))]
    number = str(int(min(1 + rng.geometric(0.04), 400)))
    if country in ("GB", "IE"):
        root = py.choice(GB_STREET_ROOTS)
        kind = py.choice(GB_STREET_TYPES)[0]
        street = f"{root} {kind}"
    elif country == "FR":
        kind, name = py.choice(FR_STREETS)
        street = f"{kind} {name}"
    elif country == "DE":
        street = py.choice(DE_STREETS)
    else:
        street = py.choice(BE_STREETS)
    return (number, street, _postcode(country, postcodes, py), city)


def _phone_digits(country: str, mobile: bool, py: random.Random) -> str:
    """National significant number (no trunk 0, no country code)."""

    def digits(count: int) -> str:
        return "".join(py.choice(DIGITS) for _ in range(count))

    if country == "GB":
        return "7" + py.choice("4579") + digits(8) if mobile else py.choice(
            ("20" + py.choice("378") + digits(7), "161" + digits(7), "121" + digits(7),
             "113" + digits(7), "117" + digits(7), "131" + digits(7), "141" + digits(7))
        )  # fmt: skip
    if country == "FR":
        return py.choice("67") + digits(8) if mobile else py.choice("12345") + digits(8)
    if country == "DE":
        return py.choice(("151", "152", "160", "170", "171", "176")) + digits(8) if mobile else (
            py.choice(("30", "40", "89", "221", "69")) + digits(7)
        )  # fmt: skip
    if country == "BE":
        return "4" + py.choice("789") + digits(7) if mobile else py.choice("23") + digits(7)
    return "8" + py.choice("35679") + digits(7) if mobile else "1" + digits(7)


COUNTRY_CODES = {"GB": "44", "FR": "33", "DE": "49", "BE": "32", "IE": "353"}


def _group(digits: str, sizes: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(digits[start : start + size])
        start += size
    if start < len(digits):
        parts.append(digits[start:])
    return " ".join(part for part in parts if part)


def format_phone(country: str, digits: str, py: random.Random) -> str:
    """The number as people write it: national or international, grouped or not."""
    national = "0" + digits
    if country == "FR":
        grouped_national = " ".join(national[i : i + 2] for i in range(0, 10, 2))
        grouped_intl = digits[0] + " " + " ".join(digits[i : i + 2] for i in range(1, 9, 2))
    elif country == "GB":
        sizes = (5, 6) if digits.startswith("7") else ((3, 4, 4) if digits.startswith("2")
                                                       else (4, 3, 4))  # fmt: skip
        grouped_national = _group(national, sizes)
        grouped_intl = _group(digits, (sizes[0] - 1, *sizes[1:]))
    elif country == "DE":
        prefix = 3 if digits[0] == "1" else (2 if digits[:2] in ("30", "40", "89", "69") else 3)
        grouped_national = _group(national, (prefix + 1,))
        grouped_intl = _group(digits, (prefix,))
    elif country == "BE":
        sizes = (4, 2, 2, 2) if digits.startswith("4") else (2, 3, 2, 2)
        grouped_national = _group(national, sizes)
        grouped_intl = _group(digits, (sizes[0] - 1, *sizes[1:]))
    else:
        sizes = (3, 3, 4) if digits.startswith("8") else (2, 3, 4)
        grouped_national = _group(national, sizes)
        grouped_intl = _group(digits, (sizes[0] - 1, *sizes[1:]))
    code = COUNTRY_CODES[country]
    style = py.randrange(7)
    if style == 0:
        return grouped_national
    if style == 1:
        return national
    if style == 2:
        return f"+{code} {grouped_intl}"
    if style == 3:
        return f"+{code}{digits}"
    if style == 4:
        return f"00{code} {grouped_intl}"
    if style == 5:
        return grouped_national.replace(" ", "." if country in ("FR", "BE") else "-")
    return f"+{code} (0){digits}" if country in ("GB", "DE") else f"+{code} {grouped_intl}"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _email_local(first: str, last: str, py: random.Random) -> str:
    first = strip_accents(first).lower().replace(" ", "").replace("'", "")
    last = strip_accents(last).lower().replace(" ", "").replace("'", "")
    pattern = py.random()
    if pattern < 0.40:
        local = f"{first}.{last}"
    elif pattern < 0.55:
        local = f"{first}{last}"
    elif pattern < 0.70:
        local = f"{first[:1]}.{last}" if first else last
    elif pattern < 0.80:
        local = f"{first}_{last}"
    elif pattern < 0.90:
        local = f"{last}.{first}"
    else:
        local = f"{first[:1]}{last}"
    if py.random() < 0.25:
        local += str(py.choice((py.randint(1, 99), py.randint(1950, 2006))))
    return local


def _domain(country: str, py: random.Random, exclude: str | None = None) -> str:
    domains = [d for d in EMAIL_DOMAINS[country] if d[0] != exclude]
    return py.choices([d for d, _ in domains], weights=[w for _, w in domains])[0]


# ----------------------------------------------------------------------------------------------
# Character-level corruption (Christen & Pudjijono 2009; FEBRL dsgen).
def _error_position(length: int, offset: int, py: random.Random) -> int:
    """FEBRL's error_position: Gaussian around one past the middle, sd 1."""
    highest = length - 1 + offset
    if highest < 0:
        return 0
    middle = (length + offset) / 2 + 1
    return max(0, min(round(py.gauss(middle, 1.0)), highest))


def _typo_character(char: str, py: random.Random) -> str:
    lower = char.lower()
    draw = py.random()
    if lower in KEYBOARD_ROW and draw < 0.40:
        new = py.choice(KEYBOARD_ROW[lower])
    elif lower in KEYBOARD_COLUMN and draw < 0.70:
        new = py.choice(KEYBOARD_COLUMN[lower])
    else:
        new = py.choice(DIGITS if char.isdigit() else LOWER_LETTERS)
    return new.upper() if char.isupper() else new


def typo(text: str, py: random.Random, kind: str | None = None) -> str:
    """One keyboard typo: substitute, delete, insert or transpose at an error position."""
    if not text:
        return text
    if kind is None:
        kind = py.choices([k for k, _ in TYPO_KINDS], weights=[w for _, w in TYPO_KINDS])[0]
    if kind == "transpose" and len(text) >= 2:
        pos = _error_position(len(text), -1, py)
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    if kind == "delete" and len(text) >= 2:
        pos = _error_position(len(text), 0, py)
        return text[:pos] + text[pos + 1 :]
    if kind == "insert":
        pos = _error_position(len(text), 1, py)
        neighbour = text[min(pos, len(text) - 1)]
        return text[:pos] + _typo_character(neighbour, py) + text[pos:]
    pos = _error_position(len(text), 0, py)
    return text[:pos] + _typo_character(text[pos], py) + text[pos + 1 :]


def _apply_rule(text: str, rules, py: random.Random) -> str:
    """Apply one randomly chosen applicable (pattern, replacement) rule at one occurrence."""
    lower = text.lower()
    applicable = [(old, new) for old, new in rules if old.lower() in lower]
    if not applicable:
        return text
    old, new = py.choice(applicable)
    starts = [i for i in range(len(lower)) if lower.startswith(old.lower(), i)]
    start = py.choice(starts)
    original = text[start : start + len(old)]
    if original.isupper() and len(original) > 1:
        new = new.upper()
    elif original[:1].isupper():
        new = new[:1].upper() + new[1:]
    return text[:start] + new + text[start + len(old) :]


def ocr_error(text: str, py: random.Random) -> str:
    return _apply_rule(text, OCR_PAIRS, py)


def phonetic_error(text: str, py: random.Random) -> str:
    return _apply_rule(text, PHONETIC_RULES, py)


def _typo_field(text: str, py: random.Random) -> str:
    text = typo(text, py)
    if py.random() < SECOND_TYPO_RATE:
        text = typo(text, py)
    return text


def _date_typo(value: date, py: random.Random) -> date:
    """A keyed digit error in the written date that still gives a valid date."""
    text = value.strftime("%Y%m%d")
    for _ in range(5):
        pos = py.choice((2, 3, 4, 5, 6, 7))  # year decade/unit, month, day
        new = text[:pos] + _typo_character(text[pos], py) + text[pos + 1 :]
        try:
            candidate = date(int(new[:4]), int(new[4:6]), int(new[6:]))
        except ValueError:
            continue
        if candidate != value and 1900 <= candidate.year <= 2010:
            return candidate
    return value


# ----------------------------------------------------------------------------------------------
def _make_persons(count: int, rng: np.random.Generator, py: random.Random) -> list[Person]:
    countries = list(COUNTRY_WEIGHTS)
    country_of = _choose(rng, countries, np.array(list(COUNTRY_WEIGHTS.values())), count)
    sex_of = rng.choice(np.array(["M", "F"]), size=count)
    pool_draw = rng.random(count)
    surname_weights = {pool: zipf_weights(len(SURNAMES[pool]), 1.0, 30.0) for pool in POOLS}
    first_weights = {key: zipf_weights(len(names), 1.0, 8.0) for key, names in FIRST_NAMES.items()}
    # Draw names per pool in one go, then hand them out in person order.
    pool_of = []
    for country, draw in zip(country_of, pool_draw, strict=True):
        english, french, _ = NAME_POOL_MIX[country]
        pool_of.append("english" if draw < english else "french" if draw < english + french
                       else "other")  # fmt: skip
    surname_draws = {
        pool: iter(_choose(rng, SURNAMES[pool], surname_weights[pool], pool_of.count(pool)))
        for pool in POOLS
    }
    first_draws = {}
    for key, names in FIRST_NAMES.items():
        wanted = sum(1 for s, p in zip(sex_of, pool_of, strict=True) if (s, p) == key)
        first_draws[key] = iter(_choose(rng, names, first_weights[key], wanted))
    start, end = date(1935, 1, 1).toordinal(), date(2006, 12, 31).toordinal()
    birth_ordinals = rng.integers(start, end + 1, size=count)
    mobile = rng.random(count) < 0.70
    moves = rng.random(count) < MOVE_RATE
    email_changes = rng.random(count) < EMAIL_CHANGE_RATE
    surname_changes = rng.random(count) < SURNAME_CHANGE_RATE

    persons = []
    for index in range(count):
        country, sex, pool = country_of[index], str(sex_of[index]), pool_of[index]
        first = next(first_draws[(sex, pool)])
        last_names = [next(surname_draws[pool])]
        if sex == "F" and surname_changes[index]:
            last_names.append(py.choice(SURNAMES[pool][:400]))
        addresses = [_address(country, rng, py)]
        if moves[index]:
            if py.random() < 0.5:
                number = _address(country, rng, py)[0]
                cities, _ = CITY_TABLES[country]
                same_city = next(c for c in cities if c[0] == addresses[0][3])
                moved = _address(country, rng, py)
                addresses.append(
                    (number, moved[1], _postcode(country, same_city[2], py), same_city[0])
                )
            else:
                addresses.append(_address(country, rng, py))
        domain = _domain(country, py)
        emails = [f"{_email_local(first, last_names[0], py)}@{domain}"]
        if email_changes[index]:
            emails.append(f"{_email_local(first, last_names[-1], py)}@"
                          f"{_domain(country, py, exclude=domain)}")  # fmt: skip
        persons.append(
            Person(
                person_id=f"P{index + 1:07d}",
                sex=sex,
                country=country,
                first_name=first,
                last_names=last_names,
                date_of_birth=date.fromordinal(int(birth_ordinals[index])),
                emails=emails,
                phone_digits=_phone_digits(country, bool(mobile[index]), py),
                phone_is_mobile=bool(mobile[index]),
                addresses=addresses,
            )
        )
    _deduplicate_emails(persons)
    return persons


def _deduplicate_emails(persons: list[Person]) -> None:
    """An address belongs to one person: namesakes get digits, as mail providers demand."""
    taken: set[str] = set()
    for person in persons:
        for i, email in enumerate(person.emails):
            local, domain = email.split("@")
            candidate, suffix = email, 1
            while candidate in taken:
                suffix += 1
                candidate = f"{local}{suffix}@{domain}"
            taken.add(candidate)
            person.emails[i] = candidate


def _abbreviate_street(street: str, country: str) -> str:
    if country in ("GB", "IE"):
        for full, short in GB_STREET_TYPES:
            if street.endswith(" " + full):
                return street[: -len(full)] + short
        return street
    if country == "FR":
        kind, _, rest = street.partition(" ")
        return f"{FR_STREET_ABBREVIATIONS.get(kind, kind)} {rest}"
    if country == "DE":
        return street.replace("straße", "str.")
    return street.replace("straat", "str.")


def _street_address(number: str, street: str, country: str) -> str:
    """House number first in GB, IE and FR; after the street in DE and BE."""
    if country in ("DE", "BE"):
        return f"{street} {number}"
    return f"{number} {street}"


def _corrupt_record(person: Person, py: random.Random, applied: dict[str, int]) -> dict[str, str]:
    def count(kind: str) -> None:
        applied[kind] = applied.get(kind, 0) + 1

    country = person.country
    first = person.first_name
    if first in NAME_VARIANTS and py.random() < NICKNAME_RATE:
        first = py.choice(NAME_VARIANTS[first])
        count("nickname")
    last = py.choice(person.last_names)
    number, street, postcode, city = py.choice(person.addresses)
    if py.random() < STREET_ABBREVIATION_RATE:
        street = _abbreviate_street(street, country)
        count("street_abbreviation")
    if country == "GB" and py.random() < POSTCODE_NO_SPACE_RATE:
        postcode = postcode.replace(" ", "")
        count("postcode_no_space")
    birth = person.date_of_birth
    if py.random() < DAY_MONTH_SWAP_RATE and birth.day <= 12 and birth.day != birth.month:
        birth = date(birth.year, birth.day, birth.month)
        count("day_month_swap")
    values = {
        "first_name": first,
        "last_name": last,
        "email": py.choice(person.emails),
        "phone": format_phone(country, person.phone_digits, py),
        "street_address": _street_address(number, street, country),
        "postcode": postcode,
        "city": city,
        "country": country,
    }
    for column in ("first_name", "last_name"):
        if py.random() < PHONETIC_RATE[column]:
            values[column] = phonetic_error(values[column], py)
            count(f"phonetic:{column}")
    for column in ("first_name", "last_name", "street_address", "city"):
        if py.random() < OCR_RATE:
            values[column] = ocr_error(values[column], py)
            count(f"ocr:{column}")
    for column, rate in TYPO_RATE.items():
        if py.random() >= rate:
            continue
        count(f"typo:{column}")
        if column == "date_of_birth":
            birth = _date_typo(birth, py)
        else:
            values[column] = _typo_field(values[column], py)
    values["date_of_birth"] = birth.isoformat()
    if py.random() < NAME_SWAP_RATE:
        values["first_name"], values["last_name"] = values["last_name"], values["first_name"]
        count("name_swap")
    if py.random() < ACCENT_DROP_RATE:
        for column in ("first_name", "last_name", "street_address", "city"):
            values[column] = strip_accents(values[column])
        count("accents_dropped")
    if py.random() < UPPER_CASE_RATE:
        for column in ("first_name", "last_name", "street_address", "city", "email"):
            values[column] = values[column].upper()
        count("upper_case")
    for column, rate in MISSING_RATE.items():
        if py.random() < rate:
            values[column] = ""
            count(f"missing:{column}")
    return values


def generate(persons: int, seed: int) -> Generated:
    """N persons and their records; the same (persons, seed) always gives the same output."""
    rng = np.random.default_rng(seed)
    py = random.Random(seed)
    people = _make_persons(persons, rng, py)
    ranks = np.arange(1, MAX_RECORDS_PER_PERSON + 1, dtype=float)
    per_person_weights = 1.0 / ranks**RECORDS_PER_PERSON_ZIPF
    records_per_person = rng.choice(
        ranks.astype(int), size=persons, p=per_person_weights / per_person_weights.sum()
    )
    source_names = [name for name, _ in SOURCES]
    source_weights = np.array([weight for _, weight in SOURCES])
    total = int(records_per_person.sum())
    record_sources = _choose(rng, source_names, source_weights, total)
    order = rng.permutation(total)  # record ids do not reveal who belongs with whom
    applied: dict[str, int] = {}
    records, truth = [], []
    slot = 0
    for person, how_many in zip(people, records_per_person, strict=True):
        for _ in range(int(how_many)):
            values = _corrupt_record(person, py, applied)
            source = record_sources[slot]
            record_id = f"R{int(order[slot]) + 1:08d}"
            records.append({"source_name": source, "source_record_id": record_id, **values})
            truth.append(
                {"source_name": source, "source_record_id": record_id,
                 "true_person_id": person.person_id}
            )  # fmt: skip
            slot += 1
    by_id = sorted(range(total), key=lambda i: records[i]["source_record_id"])
    return Generated(
        persons=people,
        records=[records[i] for i in by_id],
        truth=[truth[i] for i in by_id],
        applied=applied,
    )


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True, help="true persons to generate")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--output", type=Path, required=True, help="records CSV to write")
    parser.add_argument("--truth", type=Path, required=True, help="truth CSV to write")
    args = parser.parse_args(argv)
    if args.persons < 1:
        parser.error("--persons must be at least 1")
    started = time.perf_counter()
    generated = generate(args.persons, args.seed)
    write_csv(args.output, RECORD_COLUMNS, generated.records)
    write_csv(args.truth, TRUTH_COLUMNS, generated.truth)
    print(
        f"{args.persons:,} persons, {len(generated.records):,} records -> {args.output}, "
        f"truth -> {args.truth} ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
