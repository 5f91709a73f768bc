import Foundation

// The built-in English word list of `Lexicon` (generated; do not edit by
// hand): 18532 words of Debian's `wamerican` list (SCOWL, whose licence allows
// redistribution), chosen as those among the 20,000 most frequent English
// words by the wordfreq project (wordfreq 3.1, top_n_list("en", 20000),
// CC-BY-SA 4.0 data), lowercase and alphabetic only. With the inflection
// rule of `Lexicon.knows` it covers ordinary prose almost entirely (over 97%
// of the words of the journal entries in JournalCheckTests), which is what
// the journal check needs where /usr/share/dict/words is absent.
extension Lexicon {
    static let commonEnglish = """
a aa aaa aaron ab abandon abandoned abandoning abandonment abbas abbey abbot abbott abby abc abdomen abdominal abducted
abduction abdul abe abel aberdeen abide abiding abigail abilities ability able abnormal abnormalities aboard abolish
abolished abolition aboriginal abortion abortions about above abraham abrams abroad abrupt abruptly absence absent
absolute absolutely absorb absorbed absorbing absorption abstract abstraction absurd abundance abundant abuse abused
abuses abusing abusive abyss ac academia academic academics academies academy accelerate accelerated accelerating
acceleration accelerator accent accents accept acceptable acceptance accepted accepting accepts access accessed
accessibility accessible accessing accession accessories accessory accident accidental accidentally accidents acclaim
acclaimed accommodate accommodation accommodations accompanied accompany accompanying accomplish accomplished accomplishment
accomplishments accord accordance according accordingly account accountability accountable accountant accountants
accounted accounting accounts accreditation accredited accumulate accumulated accumulation accuracy accurate accurately
accusation accusations accuse accused accuses accusing accustomed ace aces ache achieve achieved achievement achievements
achieves achieving achilles aching acid acidic acids acknowledge acknowledged acknowledgement acknowledges acknowledging
acne acoustic acquaintance acquaintances acquainted acquire acquired acquires acquiring acquisition acquisitions
acquitted acre acres acronym across acrylic act acted acting action actions activate activated activation active
actively activism activist activists activities activity actor actors actress actresses acts actual actually acute
ad ada adam adams adapt adaptation adaptations adapted adapter adapting adaptive add added addict addicted addiction
addictive addicts adding addison addition additional additionally additions additive address addressed addresses
addressing adds adelaide adele adept adequate adequately adhere adherence adhesive adidas adjacent adjective adjoining
adjourned adjunct adjust adjustable adjusted adjusting adjustment adjustments adler admin administer administered
administering administration administrations administrative administrator administrators admirable admiral admiralty
admiration admire admired admiring admission admissions admit admits admitted admittedly admitting adobe adolescence
adolescent adolescents adolf adopt adopted adopting adoption adorable adore adored adorned adrenaline adrian ads
adult adultery adulthood adults advance advanced advancement advances advancing advantage advantageous advantages
advent adventure adventures adventurous adversary adverse adversity advert advertise advertised advertisement advertisements
advertiser advertisers advertising advice advise advised adviser advisers advises advising advisor advisors advisory
advocacy advocate advocated advocates advocating aerial aerospace aesthetic aesthetics af afar afc affair affairs
affect affected affecting affection affectionate affects affidavit affiliate affiliated affiliates affiliation affinity
affirmative affirmed afflicted affluent afford affordable afforded afghan afghanistan afloat aforementioned afraid
africa african africans afro aft after afterlife aftermath afternoon afterward afterwards ag again against age aged
ageing agencies agency agenda agent agents ages aggravated aggregate aggression aggressive aggressively agile agility
aging agitated agnes ago agony agree agreed agreeing agreement agreements agrees agricultural agriculture ah aha
ahead ahmad ahmed ai aid aide aided aides aiding aids aim aimed aiming aims air airborne aircraft aired aires airfield
airing airline airlines airplane airplanes airport airports airs airways aisle ajax ak akbar akin akron al ala alabama
alan alarm alarmed alarming alarms alas alaska alba albania albany albeit albert alberta alberto albion album albums
albuquerque alcohol alcoholic alcoholism ale alec aleppo alert alerted alerts alex alexander alexandra alexandria
alexis alfred algae algebra algeria algorithm algorithms ali alias alice alicia alien alienated aliens align aligned
alignment alike alison alive all allah allan allegation allegations alleged allegedly alleges allegiance alleging
allen allergic allergies allergy alleviate alley alliance alliances allied allies alligator allison allocate allocated
allocation allow allowance allowances allowed allowing allows alloy ally alma almighty almond almost alone along
alongside aloud alpha alphabet alpine alps already alright also alt altar alter alteration alterations altered altering
alternate alternating alternative alternatively alternatives although altitude alto altogether aluminum alumni alvarez
alvin always am ama amanda amateur amateurs amazed amazing amazingly amazon ambassador ambassadors amber ambient
ambiguity ambiguous ambition ambitions ambitious ambulance ambush amd amelia amen amend amended amendment amendments
amends amenities america american americans americas ames amid amidst amino amir ammo ammonia ammunition amnesia
amnesty among amongst amos amount amounted amounts amp ample amplified amplifier amsterdam amused amusement amusing
amy an ana anaheim anal analog analogous analogy analyses analysis analyst analysts analytic analytical analyze
analyzed analyzing anarchist anarchy anatomy ancestor ancestors ancestral ancestry anchor anchorage anchored anchors
ancient and anderson andre andrea andrew andrews android andy anecdotes anesthesia angel angela angeles angelina
angelo angels anger angered angie angle angles anglican anglo angola angrily angry anguish angular angus animal
animals animated animation animations anime anita ankara ankle ankles ann anna annals anne annex annexation annexed
annie anniversary announce announced announcement announcements announcer announces announcing annoy annoyance annoyed
annoying annoys annual annually annuity anomaly anon anonymity anonymous anonymously another answer answered answering
answers ant antagonist antarctic antarctica ante antenna anterior anthem anthology anthony anthropology anti antibiotic
antibiotics antibodies antibody anticipate anticipated anticipating anticipation antics antique antiques antiquity
antitrust antoine anton antonio antony ants anxiety anxious any anybody anyhow anymore anyone anything anytime anyway
anywhere ap apache apart apartheid apartment apartments ape aperture apes apex api apocalypse apocalyptic apollo
apologies apologize apologized apologizing apology apostle apostles app appalling apparatus apparel apparent apparently
appeal appealed appealing appeals appear appearance appearances appeared appearing appears appellate appendix appetite
applaud applause apple apples appliance appliances applicable applicant applicants application applications applied
applies apply applying appoint appointed appointing appointment appointments appraisal appreciate appreciated appreciates
appreciation apprehended apprentice apprenticeship approach approached approaches approaching appropriate appropriately
appropriation appropriations approval approve approved approves approving approx approximate approximately approximation
apps apr april apron apt aqua aquarium aquatic ar arab arabia arabian arabic arabs arbitrary arbitration arbor arc
arcade arch archaeological archaeologists archaeology archaic archbishop archer archers arches archie archipelago
architect architects architectural architecture archive archived archives arctic are area areas arena argentina
argentine arguably argue argued argues arguing argument arguments aria arid ariel arise arises arising aristotle
arithmetic arizona ark arkansas arlington arm armed armenia armenian armies armor armored armour arms armstrong
army arnold aromatic arose around aroused arrange arranged arrangement arrangements arranging array arrays arrest
arrested arresting arrests arrival arrivals arrive arrived arrives arriving arrogance arrogant arrow arrows arsenal
arson art arteries artery arthritis arthur article articles articulate articulated artifact artifacts artificial
artificially artillery artist artistic artists arts artwork artworks as asap asbestos ascended ascending ascension
ascent ascertain ash ashamed ashes ashley ashore asia asian asians aside ask asked asking asks asleep aspect aspects
aspen asphalt aspiration aspirations aspire aspirin aspiring ass assad assam assassin assassinated assassination
assassins assault assaulted assaulting assaults assemble assembled assemblies assembling assembly assert asserted
asserting assertion asserts asses assess assessed assessing assessment assessments asset assets asshole assholes
assign assigned assignment assignments assist assistance assistant assistants assisted assisting assists associate
associated associates association associations assume assumed assumes assuming assumption assumptions assurance
assurances assure assured asteroid asthma aston astonishing astounding astrology astronaut astronauts astronomers
astronomical astronomy asylum at ate atheism atheist atheists athens athlete athletes athletic athletics atkins
atkinson atlanta atlantic atlantis atlas atm atmosphere atmospheric atom atomic atoms atop atp atrocities attach
attached attachment attachments attack attacked attacker attackers attacking attacks attain attained attempt attempted
attempting attempts attend attendance attendant attendants attended attending attends attention attentive attic
attire attitude attitudes attorney attorneys attract attracted attracting attraction attractions attractive attracts
attributable attribute attributed attributes attribution au aubrey auburn auckland auction auctions audi audible
audience audiences audio audit audition auditions auditor auditorium audits audrey aug augmented august augusta
augustine augustus aunt aura aurora auschwitz aussie austen austerity austin australia australian australians austria
austrian authentic authentication authenticity author authored authoritarian authoritative authorities authority
authorization authorize authorized authors autism autistic auto autobiography autograph automated automatic automatically
automation automobile automobiles automotive autonomous autonomy autopsy autumn auxiliary av ava avail availability
available avalanche avatar ave avengers avenue avenues average averaged averages averaging avery avg aviation avid
avocado avoid avoidance avoided avoiding avoids avon aw await awaited awaiting awaits awake awaken awakened awakening
award awarded awarding awards aware awareness away awe awesome awful awfully awhile awkward ax axe axes axis axle
ay aye az azerbaijan azure b ba babe babes babies baby babylon bach bachelor back backbone backdrop backed background
backgrounds backing backlash backpack backs backstage backup backward backwards backyard bacon bacteria bacterial
bad baden badge badger badges badly baffled bag baggage baghdad bags bahamas bahrain bail bailed bailey baird bait
bake baked baker bakery baking balance balanced balances balancing balcony bald baldwin bale bali ball ballad ballet
ballistic balloon balloons ballot ballots ballpark ballroom balls baltic baltimore bamboo ban banana bananas band
bandit bandits bands bandwidth bang bangalore banged banging bangkok bangladesh bangs banished bank banker bankers
banking bankrupt bankruptcy banks banned banner banners banning banquet bans banter baptism baptist baptized bar
barack barb barbados barbara barbarians barbecue barber barbie barcelona bard bare barefoot barely bargain bargaining
bargains barge bark barker barking barkley barley barlow barn barnes barnett barney baron baroness baroque barr
barracks barrage barred barrel barrels barren barrett barrier barriers barring barrister barrow barry bars bart
bartender bartlett barton basal base baseball based basel baseline basement bases bash bashing basic basically basics
basil basin basis basket basketball baskets bass bastard bastards bastion bat batch bates bath bathing bathroom
bathrooms baths bathtub batman baton bats batsman battalion batter battered batteries battery batting battle battlefield
battles battling bauer baxter bay baylor bays bazaar bb bbc bbq bc be beach beaches beacon bead beads beak beam
beams bean beans bear beard bearded beards bearer bearing bearings bears beast beasts beat beaten beating beatles
beatrice beats beau beaumont beauties beautiful beautifully beauty beaver became because beck becker beckett becky
become becomes becoming bed bedding bedroom bedrooms beds bedside bedtime bee beef been beep beer beers bees beethoven
beetle beetles before beforehand beg began begged begging begin beginner beginners beginning beginnings begins begs
begun behalf behave behaved behaving behavior behavioral behind behold beige beijing being beings beirut belarus
belfast belgian belgium belgrade belief beliefs believable believe believed believer believers believes believing
bell bella bellamy belle bells belly belmont belong belonged belonging belongings belongs beloved below belt belts
ben bench benches benchmark bend bender bending bends beneath benedict beneficial beneficiaries beneficiary benefit
benefited benefiting benefits benevolent bengal benghazi benign benjamin bennett benny benson bent bentley benton
benz berg bergen berger berkeley berkshire berlin bermuda bernard bernie bernstein berries berry bert berth beside
besides besieged best bestowed bestseller bet beta beth bethany bethesda bethlehem betray betrayal betrayed bets
betsy better betting betty between beverage beverages beverly beware beyond bi bianca bias biased biases bible biblical
bibliography bicycle bicycles bid bidder bidders bidding biden bids big bigger biggest bigotry bike biker bikes
biking bikini bilateral bilingual bill billboard billboards billed billie billing billion billionaire billionaires
billions bills billy bin binary bind binder binding binds binge bingo bins biochemistry biodiversity biographical
biography biological biologist biology biomedical biopsy biotechnology bipartisan bipolar birch bird birds birmingham
birth birthday birthdays birthplace births biscuit biscuits bisexual bishop bishops bit bitch bitches bitcoin bitcoins
bite bites biting bits bitten bitter bitterly bitterness bizarre bk black blackberry blackburn blackmail blackout
blacks blackwell bladder blade blades blah blair blake blame blamed blames blaming blanche bland blank blanket blankets
blasphemy blast blasted blasting blasts blatant blaze blazers blazing bleach bleak bleed bleeding blend blended
blender blending blends bless blessed blessing blessings blew blind blinded blindly blindness blinds blink blinking
bliss blitz blizzard bloated bloc block blockade blockbuster blockchain blocked blocking blocks blog blogger bloggers
blogging blogs blond blonde blood blooded bloodshed bloody bloom blooming blooms blossom blossoms blouse blow blowing
blown blows blu blue blueberry blueprint blues bluetooth bluff blunt blur blurred blush blvd bm bmw bo boar board
boarded boarding boards boast boasts boat boating boats bob bobby bodies bodily body bodyguard boeing bog bogus
bohemian boil boiled boiler boilers boiling boils boise bold bolivia bollywood bolster bolt bolton bolts bomb bombardment
bombay bombed bomber bombers bombing bombings bombs bond bondage bonded bonding bonds bone bones bonfire bong bonnet
bonnie bono bonus bonuses boo boob boobs boogie book booked booker booking bookings booklet books bookstore boom
booming boon boone boost boosted booster boosting boosts boot booth boots booty booze bop bordeaux border bordering
borderline borders bore bored boredom boring boris born borne borough borrow borrowed borrowers borrowing bosch
bosnia boss bosses boston bot botanical botany both bother bothered bothering bothers bottle bottled bottles bottom
bottoms bought boulder boulevard bounce bounced bouncing bound boundaries boundary bounded bounds bounty bouquet
bourbon bourgeois bournemouth bout boutique bow bowed bowel bowen bowie bowl bowler bowling bowls bowman bows box
boxed boxer boxers boxes boxing boy boycott boyd boyfriend boyfriends boyle boys bp br bra brace bracelet bracelets
braces bracket brackets brad bradford bradley brady brag bragging brain brains brake brakes braking bran branch
branches brand branded branding brandon brands brandy bras brass brat brave bravery braves bravo brawl bray brazil
brazilian breach breached breaches bread breadth break breakdown breaker breakers breakfast breaking breaks breakthrough
breakup breast breasts breath breathe breathes breathing breaths breathtaking bred breed breeder breeders breeding
breeds breeze brenda brendan brennan brent brethren brett brew brewer brewers brewery brewing brexit brian bribe
bribery bribes brick bricks bridal bride brides bridge bridges bridget brief briefing briefly briefs brig brigade
brigades briggs bright brighter brightest brightly brightness brighton brilliance brilliant brilliantly bring bringing
brings brink brisbane bristol brit britain british britney brits brittany broad broadband broadcast broadcaster
broadcasters broadcasting broadcasts broaden broader broadly broadway broccoli brochure brock broke broken broker
brokerage brokers broncos bronx bronze brook brooke brooklyn brooks broom bros broth brother brotherhood brothers
brought brow brown browne browning browns brows browse browser browsing bruce bruins bruised bruises brunch brunette
bruno brunswick brush brushed brushes brushing brussels brutal brutality brutally brute bryan bryant bryce bs btw
bubble bubbles buchanan buck bucket buckets buckingham buckle buckley bucks bud budapest buddha buddhism buddhist
buddies buddy budget budgets buds buff buffalo buffer buffet buffy bug buggy bugs build builder builders building
buildings builds buildup built bulb bulbs bulgaria bulgarian bulk bulky bull bulldog bulldogs bullet bulletin bullets
bullied bullies bullock bullpen bulls bullshit bully bullying bum bump bumped bumper bumping bumps bun bunch bundle
bundled bundles bungalow bunk bunker bunny buns burden burdens bureau bureaucracy bureaucratic burger burgers burgess
burglar burglary burgundy burial buried burke burlington burma burn burned burner burnett burning burns burnt burr
burrows burst bursting bursts burt burton bury burying bus busch buses bush bushes busiest business businesses businessman
businessmen bust busted buster busting busy but butch butcher butler butt butter butterflies butterfly button buttons
butts buy buyer buyers buying buys buzz buzzer buzzing by bye bypass byron byzantine c ca cab cabbage cabin cabinet
cabinets cabins cable cables cache cactus cad cadet cadets cadillac caesar cafeteria caffeine cage cages cain cairns
cairo caitlin cake cakes cal calais calcium calculate calculated calculating calculation calculations calculator
calculus calcutta caldwell caleb calendar calendars calf calgary cali caliber calibration calif california call
called caller calling calls calm calming calmly calorie calories calves calvin cam cambodia cambridge came camel
camels cameo camera cameraman cameras cameron cameroon camille camouflage camp campaign campaigned campaigning campaigns
campbell camping camps campus campuses cams can canada canadian canadians canal canals canary canberra cancel canceled
cancellation cancelled cancelling cancer cancers candid candidacy candidate candidates candle candles candy cane
canine cannabis canned cannes canning cannon cannons cannot canoe canon canonical canopy cans cant canterbury canton
canvas canyon cap capabilities capability capable capacities capacity cape capital capitalism capitalist capitalists
capitalize capitals capitol capped caps capsule capsules capt captain captains caption captive captivity capture
captured captures capturing car cara caracas caramel caravan carbohydrates carbon carbs card cardboard cardiac cardiff
cardinal cardinals cardio cardiovascular cards care cared career careers careful carefully careless cares caretaker
carey cargo caribbean caring carl carla carlo carlos carlson carlton carly carmen carnage carnegie carnival carol
carolina caroline carolyn carpenter carpet carpets carr carriage carriages carrie carried carrier carriers carries
carroll carrot carrots carry carrying cars carson cart cartel carter cartoon cartoons cartridge cartridges carts
carve carved carver carving cary cascade case cases casey cash cashier casing casino casinos cassette cassie cast
caste casting castle castles castro casts casual casually casualties casualty cat catalan catalog catalogue catalonia
catalyst catastrophe catastrophic catch catcher catches catching catchy categories categorized category cater catering
caterpillar catfish cathedral catherine catholic catholicism catholics cathy cats cattle caucasian caucasus caucus
caught causal cause caused causes causing caution cautious cautiously cavaliers cavalry cave caves cavities cavity
cb cbs cc cd cease ceased ceasefire cecil cedar ceiling ceilings celebrate celebrated celebrates celebrating celebration
celebrations celebrities celebrity celery celestial cell cellar cello cells cellular celsius celtic celtics cement
cemetery censor censored censorship census cent centenary centennial center centered centers central centralized
centrally cents centuries century ceo ceramic ceramics cereal cerebral ceremonial ceremonies ceremony certain certainly
certainty certificate certificates certification certifications certified cervical cesar cf ch chad chain chained
chains chair chaired chairman chairs chalk challenge challenged challenger challenges challenging chamber chamberlain
chambers champ champagne champion champions championship championships champs chan chance chancellor chances chandler
chanel chang change changed changes changing channel channels chant chanting chants chaos chaotic chap chapel chaplain
chapman chapter chapters char character characteristic characteristics characterization characterize characterized
characters charcoal charge charged charger chargers charges charging chariot charisma charismatic charitable charities
charity charles charleston charlie charlotte charm charming charms chart charter chartered charts chase chased chasing
chassis chat chats chatter chatting chavez che cheap cheaper cheapest cheat cheated cheating cheats check checked
checking checklist checkout checkpoint checks cheddar cheek cheeks cheeky cheer cheered cheerful cheering cheerleader
cheers cheese cheesy chef chefs chelsea chem chemical chemicals chemist chemistry chemotherapy chen cheney chennai
cherish cherished cherokee cherry cheryl chesapeake cheshire chess chest chester chestnut chevrolet chevy chew chewing
chi chic chicago chick chicken chickens chicks chief chiefly chiefs child childbirth childcare childhood childish
children chile chilean chili chill chilled chilli chilling chills chilly chimney chin china chinatown chinese chip
chips chloe chloride chlorine chocolate chocolates choice choices choir choke choked choking cholera cholesterol
choose chooses choosing chop chopped chopper chopping chops chord chords choreography chores chorus chose chosen
chow chris christ christian christianity christians christie christina christine christmas christopher christy chrome
chromosome chromosomes chronic chronicle chronicles chronological chrysler chubby chuck chuckle chung chunk chunks
chunky church churches churchill ci cia cider cigar cigarette cigarettes cigars cincinnati cinderella cindy cinema
cinemas cinematic cinnamon circa circle circles circling circuit circuits circular circulated circulating circulation
circumstance circumstances circus cis cisco citadel citation citations cite cited cites cities citing citizen citizens
citizenship citrus city civic civil civilian civilians civilization civilizations civilized cl clad claim claimed
claiming claims claire clamp clan clans clap clapping clara clare clarence clarification clarified clarify clarity
clark clarke clash clashes class classed classes classic classical classics classification classified classify classmate
classmates classroom classrooms classy claude claudia claudio claus clause clauses claw claws clay clayton clean
cleaned cleaner cleaners cleaning cleanse cleansing cleanup clear clearance cleared clearer clearing clearly clears
cleavage clement clemson clergy cleric clerical clerk clerks cleveland clever click clicked clicking clicks client
clients cliff clifford cliffs clifton climate climates climax climb climbed climbing climbs clinch cling clinging
clinic clinical clinically clinics clint clinton clip clipped clippers clips clive cloak clock clocks clone clones
close closed closely closer closes closest closet closing closure closures cloth clothes clothing cloud clouds cloudy
clover clown clowns club clubhouse clubs clue clueless clues clumsy cluster clusters clutch clyde cm cnn co coach
coached coaches coaching coal coalition coarse coast coastal coaster coastline coasts coat coated coating coatings
coats cobalt cobb cobra cocaine cock cockpit cocks cocktail cocktails cocky cocoa coconut cod code coded codes coding
cody coefficient coffee coffin cognition cognitive cohen coherent cohesive cohort coil coils coin coincide coincided
coincidence coined coins coke col cola colbert cold colder cole coleman colin collaborate collaborated collaborating
collaboration collaborations collaborative collaborators collage collapse collapsed collapses collapsing collar
collateral colleague colleagues collect collected collecting collection collections collective collectively collector
collectors collects colleen college colleges collegiate collide collier collins collision collisions collusion cologne
colombia colombian colon colonel colonial colonialism colonies colonists colonization colony color colorado colored
colorful coloring colors colossal colt colts columbia columbus column columnist columns com coma comb combat combination
combinations combine combined combines combining combo combustion come comeback comedian comedians comedic comedies
comedy comes comet comfort comfortable comfortably comforting comforts comfy comic comics coming comm command commanded
commander commanders commanding commandments commando commands commemorate commemoration commence commenced commencement
commended comment commentary commentator commentators commented commenting comments commerce commercial commercially
commercials commission commissioned commissioner commissioners commissioning commissions commit commitment commitments
commits committed committee committees committing commodities commodity commodore common commonly commonplace commons
commonwealth communal commune communicate communicated communicating communication communications communion communism
communist communists communities community commute commuter commuting compact companies companion companions company
comparable comparative comparatively compare compared compares comparing comparison comparisons compartment compass
compassion compassionate compatibility compatible compelled compelling compensate compensated compensation compete
competed competence competent competing competition competitions competitive competitiveness competitor competitors
compilation compile compiled compiler compiling complain complained complaining complains complaint complaints complement
complementary complete completed completely completes completing completion complex complexes complexion complexity
compliance compliant complicated complication complications compliment complimentary compliments comply component
components compose composed composer composers composing composite composition compositions compound compounded
compounds comprehend comprehension comprehensive compressed compression compressor comprise comprised comprises
comprising compromise compromised compromising compton compulsive compulsory computation computational compute computed
computer computers computing comrade comrades con conan conceal concealed concede conceded conceive conceived concentrate
concentrated concentrating concentration concentrations concept conception concepts conceptual concern concerned
concerning concerns concert concerts concession concessions concise conclude concluded concludes concluding conclusion
conclusions conclusive concord concrete concurrent concussion condemn condemnation condemned condemning condensed
condition conditional conditioned conditioner conditioning conditions condo condolences condom condoms conduct conducted
conducting conductor conductors conducts cone cones confederate confederation conference conferences conferred confess
confessed confession confessions confidence confident confidential confidentiality confidently configuration configurations
confined confinement confirm confirmation confirmed confirming confirms confiscated conflict conflicting conflicts
conform confront confrontation confronted confronting confuse confused confusing confusion congenital congestion
conglomerate congo congratulate congratulations congregation congress congressional congressman conjecture conjunction
conn connect connected connecticut connecting connection connections connectivity connector connects connie connolly
conquer conquered conquering conquest conrad cons conscience conscious consciously consciousness consecutive consensus
consent consequence consequences consequently conservation conservatism conservative conservatives conservatory
conserve consider considerable considerably considerate consideration considerations considered considering considers
consist consisted consistency consistent consistently consisting consists consolation console consoles consolidate
consolidated consolidation consortium conspicuous conspiracy constable constance constant constantine constantinople
constantly constellation constituencies constituency constituent constituents constitute constituted constitutes
constitution constitutional constrained constraints construct constructed constructing construction constructions
constructive construed consul consular consulate consult consultancy consultant consultants consultation consultations
consulted consulting consume consumed consumer consumers consuming consumption contact contacted contacting contacts
contagious contain contained container containers containing containment contains contaminated contamination contemplate
contemplating contemporaries contemporary contempt contend contender contenders content contention contentious contents
contest contestant contestants contested contests context contexts continent continental continents contingency
contingent continual continually continuation continue continued continues continuing continuity continuous continuously
continuum contour contract contracted contracting contraction contractor contractors contracts contractual contradict
contradiction contradictory contrary contrast contrasting contrasts contribute contributed contributes contributing
contribution contributions contributor contributors control controlled controller controllers controlling controls
controversial controversies controversy convened convenience convenient conveniently convent convention conventional
conventions convergence conversation conversations converse conversely conversion conversions convert converted
converter convertible converting converts convey conveyed convict convicted conviction convictions convince convinced
convincing convoy conway coo cook cookbook cooke cooked cooker cookie cookies cooking cooks cool cooled cooler coolest
cooling coop cooper cooperate cooperating cooperation cooperative coordinate coordinated coordinates coordinating
coordination coordinator cop cope copenhagen copied copies coping copper cops copy copying copyright coral cord
cords core cores corey corinthians cork corn cornell corner corners cornerstone cornish cornwall corona coronary
coronation coroner corp corporal corporate corporation corporations corps corpse corpses corpus correct corrected
correcting correction correctional corrections corrective correctly correctness correlated correlation correspond
correspondence correspondent correspondents corresponding corresponds corridor corridors corrosion corrupt corrupted
corruption cortex corvette cory cosmetic cosmetics cosmic cosmopolitan cosmos cosplay cost costco costello costing
costly costs costume costumes cosy cottage cottages cotton couch cougar cough coughing could council councillor
councillors councils counsel counseling counsellor counselor counselors count countdown counted counter countered
counterfeit counterpart counterparts counters countess counties counting countless countries country countryside
counts county coup coupe couple coupled couples coupling coupon coupons courage courageous courier course courses
court courtesy courthouse courtney courtroom courts courtyard cousin cousins cove covenant coventry cover coverage
covered covering covers covert coveted covid cow coward cowardly cowards cowboy cowboys coworker coworkers cows
cox coyote coyotes cozy cpr cpu cr crab crabs crack crackdown cracked cracker crackers cracking cracks cradle craft
crafted crafting crafts craig cramps crane cranes crank crap crappy crash crashed crashes crashing crate crater
crave craving crawford crawl crawling craze crazy cream creamy crease create created creates creating creation creations
creative creativity creator creators creature creatures credentials credibility credible credit credited creditors
credits creed creek creep creeping creeps creepy crescent crest crew crews crib cricket cried cries crime crimea
crimes criminal criminals crimson cringe crippled crippling crises crisis crisp crispy cristina criteria criterion
critic critical critically criticism criticisms criticize criticized criticizing critics critique croatia croatian
crocodile cromwell crook crooked crop cropped crops crosby cross crossed crosses crossing crossings crossover crossroads
crow crowd crowded crowdfunding crowds crowley crown crowned crowns crows crucial crude cruel cruelty cruise cruiser
cruises cruising crumble crumbling crumbs crunch crusade crusaders crush crushed crushing crust cruz cry crying
cryptocurrency crystal crystals cs css ct cu cub cuba cuban cube cubes cubic cubs cucumber cuddle cue cues cuff
cuisine culinary cullen culprit cult cultivate cultivated cultivating cultivation cultural culturally culture cultured
cultures cum cumberland cummings cumulative cunning cunningham cunt cunts cup cupboard cupcake cupcakes cups curator
curb cure cured cures curfew curiosity curious curl curled curling curls curly currencies currency current currently
currents curriculum curry curse cursed cursing curtain curtains curtis curve curved curves cushion custody custom
customary customer customers customized customs cut cute cutest cuts cutter cutting cvs cycle cycles cycling cyclist
cyclists cyclone cylinder cylinders cylindrical cynical cynthia cyprus cyril cyrus czech czechoslovakia d da dab
dad daddy dads daft dagger daily dairy daisy dakota dale dallas dalton dam damage damaged damages damaging damascus
dame damian damien damn damned damon damp dams dan dana dance danced dancer dancers dances dancing dane danger dangerous
dangerously dangers dangling daniel danielle daniels danish danny dante darcy dare dared daredevil daring darius
dark darker darkest darkness darling darn darren dart darts darwin daryl dash dashboard dat data database databases
date dated dates dating daughter daughters daunting dave davenport david davidson davies davis dawn dawson day daylight
days daytime dayton dazzling db dc dd de deacon dead deadliest deadline deadlines deadly deaf deal dealer dealers
dealership dealing dealings deals dealt dean dear dearest dearly death deaths debate debated debates debating debbie
debit deborah debra debris debt debts debut debuted debuts dec decade decades decay deceased deceive deceived december
decency decent decentralized deception deceptive decide decided decidedly decides deciding decision decisions decisive
deck decker decks declaration declare declared declares declaring decline declined declines declining decor decorate
decorated decorating decoration decorations decorative decrease decreased decreases decreasing decree dedicate dedicated
dedication deductible deduction deductions dee deed deeds deem deemed deep deeper deepest deeply deer defamation
default defeat defeated defeating defeats defect defective defects defend defendant defendants defended defender
defenders defending defends defense defenses defensive deferred defiance deficiencies deficiency deficient deficit
deficits define defined defines defining definite definitely definition definitions definitive defy degenerate degradation
degraded degrading degree degrees dehydration deity del delaware delay delayed delaying delays delegate delegates
delegation delete deleted deleting delhi deli deliberate deliberately delicate delicious delight delighted delightful
delights deliver delivered deliveries delivering delivers delivery dell della delta delusion deluxe dem demand demanded
demanding demands dementia demise demo democracy democrat democratic democrats demographic demographics demolished
demolition demon demonic demons demonstrate demonstrated demonstrates demonstrating demonstration demonstrations
demos den denial denied denies denim denis denise denmark dennis denny denomination denominations denote denotes
denounced dense densely density dent dental dentist dentistry dentists denver deny denying depart departed departing
department departments departure depend depended dependence dependency dependent depending depends depict depicted
depicting depiction depicts depleted deploy deployed deploying deployment deportation deported deposit deposited
deposition deposits depot depreciation depressed depressing depression depressive deprivation deprived dept depth
depths deputies deputy derby derek derivative derivatives derive derived derives derrick descend descendant descendants
descended descending descent describe described describes describing description descriptions descriptive desert
deserted deserts deserve deserved deserves deserving design designate designated designation designed designer designers
designing designs desirable desire desired desires desk desks desktop desmond despair desperate desperately desperation
despicable despise despite dessert desserts destination destinations destined destiny destroy destroyed destroyer
destroying destroys destruction destructive detached detachment detail detailed detailing details detained detainees
detect detected detecting detection detective detectives detector detectors detention deter deteriorated deterioration
determination determine determined determines determining deterrent detox detrimental detroit devastated devastating
devastation develop developed developer developers developing development developmental developments develops deviation
device devices devil devils devised devoid devon devote devoted devotion devout dew dewey dexter di diabetes diabetic
diagnose diagnosed diagnosis diagnostic diagonal diagram diagrams dial dialect dialog dialogue diameter diamond
diamonds diana diane diaper diapers diaries diarrhea diary diaspora diaz dice dick dickens dickinson dicks dickson
dictate dictated dictates dictator dictatorship dictionary did die died diego dies diesel diet dietary diets differ
difference differences different differential differentiate differentiated differentiation differently differing
differs difficult difficulties difficulty diffusion dig digest digestion digestive digging digit digital digitally
digits dignity digs dilemma diligence dillon diluted dim dime dimension dimensional dimensions diminish diminished
diminishing din dine diner ding dining dinner dinners dino dinosaur dinosaurs diocese dion dioxide dip diploma diplomacy
diplomat diplomatic diplomats dipped dipping dips dire direct directed directing direction directional directions
directive directly director directorate directors directory directs dirk dirt dirty dis disabilities disability
disable disabled disadvantage disadvantaged disadvantages disagree disagreed disagreement disagreements disappear
disappearance disappeared disappearing disappears disappoint disappointed disappointing disappointment disaster
disasters disastrous disbelief disc discard discarded discharge discharged disciple disciples disciplinary discipline
disciplined disciplines disclaimer disclose disclosed disclosure disco discomfort disconnect disconnected discontent
discontinued discord discount discounted discounts discourage discouraged discourse discover discovered discoveries
discovering discovers discovery discredit discreet discrepancy discrete discretion discriminate discrimination discriminatory
discs discuss discussed discusses discussing discussion discussions disdain disease diseases disgrace disgraceful
disguise disguised disgust disgusted disgusting dish dishes dishonest dishwasher disk disks dislike disliked dismantled
dismiss dismissal dismissed dismissing disney disneyland disorder disorders disparity dispatch dispatched disperse
dispersed displaced displacement display displayed displaying displays disposable disposal dispose disposed disposition
disproportionate disproportionately dispute disputed disputes disqualified disregard disrespect disrespectful disrupt
disrupted disruption disruptive dissatisfaction dissatisfied dissent dissertation dissolution dissolve dissolved
distance distances distant distinct distinction distinctions distinctive distinctly distinguish distinguished distinguishing
distorted distortion distract distracted distracting distraction distractions distress distressed distribute distributed
distributing distribution distributions distributor distributors district districts distrust disturb disturbance
disturbances disturbed disturbing ditch ditto diva dive diver divergent divers diverse diversified diversion diversity
divert diverted dives divide divided dividend dividends divides dividing divine diving divinity division divisions
divisive divorce divorced dixie dixon dizzy dj dna do doc dock docking docks docs doctor doctoral doctorate doctors
doctrine doctrines document documentaries documentary documentation documented documenting documents dodge dodgers
dodging dodgy doe does dog doggy dogs doing dole doll dollar dollars dolls dolly dolphin dolphins domain domains
dome domestic dominance dominant dominate dominated dominates dominating domination dominic dominican dominion don
donald donaldson donate donated donating donation donations done donkey donna donnie donor donors donovan donut
donuts doodle doom doomed door doors doorstep doorway dope doping dora doris dorm dormant dorothy dorsal dorset
dortmund dos dosage dose doses dossier dot dots dotted double doubled doubles doubling doubt doubted doubtful doubting
doubts douche doug dough douglas dove dover dow down downed downfall downhill downing download downloaded downloading
downloads downright downs downstairs downstream downtown downward doyle dozen dozens dp dr dracula draft drafted
drafting drafts drag dragged dragging dragon dragons drain drainage drained draining drains drake drama dramas dramatic
dramatically drank drastic drastically draw drawer drawers drawing drawings drawn draws dread dreaded dreadful dream
dreamed dreaming dreams dress dressed dresser dresses dressing drew dried drift drifted drifting drill drilled drilling
drills drink drinking drinks drip dripping drive driven driver drivers drives driveway driving drone drones drop
dropped dropping drops drought drove drown drowned drowning drug drugs drum drummer drums drunk drunken dry dryer
drying dual dub dubai dubbed dubious dublin duchess duck ducks duct dude dudes dudley due duel dues duet duff duffy
dug duh dui duke dull duly dumb dumbest dummy dump dumped dumping dumps dumpster dun duncan dunes dungeon dungeons
dunk dunn dunno duo duplicate durability durable durant duration durham during dusk dust dustin dusty dutch duties
duty dvd dwarf dwayne dwell dwelling dwellings dwight dye dyed dyer dyes dying dyke dylan dynamic dynamics dynamite
dynasty dysfunction dysfunctional e ea each eager eagerly eagle eagles ear earl earlier earliest early earn earned
earnest earning earnings earns earrings ears earth earthly earthquake earthquakes ease easier easiest easily east
easter eastern eastwood easy eat eaten eater eaters eating eaton eats ebay ebola ebony ec eccentric ecclesiastical
echo echoed echoes echoing eclectic eclipse eco ecological ecology economic economical economically economics economies
economist economists economy ecosystem ecosystems ecstasy ecstatic ecuador ed eddie eddy eden edgar edge edged edges
edgy edible edinburgh edison edit edited edith editing edition editions editor editorial editors edits edmonton
edmund edna eds edt eduardo educate educated educating education educational educator educators edward edwards edwin
eerie effect effected effective effectively effectiveness effects efficacy efficiency efficient efficiently effort
efforts egg eggs ego egypt egyptian egyptians eh eight eighteen eighteenth eighth eighty eileen einstein eisenhower
either ejected elaborate elaine elastic elbow elbows elder elderly elders eldest eleanor elect elected electing
election elections elective electoral electorate electric electrical electricity electrode electrodes electromagnetic
electron electronic electronics electrons elegance elegant element elemental elementary elements elena elephant
elephants elevate elevated elevation elevator elevators eleven eleventh elf eli elias eligibility eligible elijah
eliminate eliminated eliminates eliminating elimination eliot elite elites eliza elizabeth elk ella ellen ellie
elliot elliott ellis ellison elm elongated elsa else elsewhere elton elusive elves elvis em email emailed emails
embargo embark embarked embarrass embarrassed embarrassing embarrassment embassy embedded emblem embodied embodiment
embrace embraced embraces embracing embroidered embryo embryos emerald emerge emerged emergence emergencies emergency
emerges emerging emerson emery emily eminem eminent emirates emission emissions emitted emma emmanuel emmy emotion
emotional emotionally emotions empathy emperor emphasis emphasize emphasized emphasizes emphasizing empire empires
empirical employ employed employee employees employer employers employing employment employs empower empowered empowering
empowerment empress emptied empty ems emulate enable enabled enables enabling enact enacted enamel enchanted enclosed
enclosure encoded encoding encompasses encompassing encore encounter encountered encounters encourage encouraged
encouragement encourages encouraging encrypted encryption encyclopedia end endangered endeavor endeavors ended endemic
ending endings endless endlessly endorse endorsed endorsement endowed endowment ends endurance endure endured enduring
enemies enemy energetic energies energy enforce enforced enforcement enforcing eng engage engaged engagement engagements
engages engaging engine engineer engineered engineering engineers engines england english englishman engraved engraving
enhance enhanced enhancement enhances enhancing enjoy enjoyable enjoyed enjoying enjoyment enjoys enlarged enlightened
enlightenment enlist enlisted enormous enormously enough enquiries enquiry enraged enrich enriched enrichment enrique
enroll enrolled enrollment ensemble enslaved ensued ensuing ensure ensured ensures ensuring entails enter entered
entering enterprise enterprises enters entertain entertained entertainer entertaining entertainment enthusiasm enthusiast
enthusiastic enthusiasts entire entirely entirety entities entitled entitlement entity entrance entrances entrants
entrenched entrepreneur entrepreneurial entrepreneurs entries entrusted entry envelope envelopes environment environmental
environmentally environments envisioned envoy envy enzyme enzymes epa epic epidemic epidemiology epilepsy episcopal
episode episodes epstein equal equality equally equals equation equations equilibrium equip equipment equipped equitable
equity equivalent er era eradicate erase erased erect erected erection eric erica erie erik erin ernest ernie ernst
eroded erosion erotic err errands erratic error errors erupted eruption es escalate escalated escalation escape
escaped escapes escaping escort escorted escorts esp especially espionage espn espresso essay essays essence essential
essentially essentials essex est establish established establishes establishing establishment establishments estate
estates esteem esther estimate estimated estimates estimating estimation estonia estrogen et eta etc eternal eternity
ethan ethel ether ethic ethical ethics ethiopia ethiopian ethnic ethnicity ethos etiquette eu eugene eureka euro
europa europe european europeans euros eva evacuate evacuated evacuation evade evaluate evaluated evaluating evaluation
evaluations evan evangelical evans evasion eve evelyn even evening evenings evenly event events eventual eventually
ever everest everett evergreen everlasting every everybody everyday everyone everything everywhere evicted eviction
evidence evidenced evident evidently evil evils evolution evolutionary evolve evolved evolving ex exact exactly
exaggerated exaggeration exam examination examinations examine examined examiner examines examining example examples
exams excavation exceed exceeded exceeding exceedingly exceeds excel excellence excellency excellent except exception
exceptional exceptionally exceptions excerpt excerpts excess excessive excessively exchange exchanged exchanges
exchanging excite excited excitement exciting exclude excluded excludes excluding exclusion exclusive exclusively
excursion excuse excuses exec execute executed executing execution executions executive executives exemplary exempt
exemption exemptions exercise exercised exercises exercising exert exhaust exhausted exhausting exhaustion exhaustive
exhibit exhibited exhibiting exhibition exhibitions exhibits exile exiled exist existed existence existent existential
existing exists exit exited exiting exits exodus exotic expand expanded expanding expands expansion expansive expect
expectancy expectation expectations expected expecting expects expedition expeditions expelled expenditure expenditures
expense expenses expensive experience experienced experiences experiencing experiment experimental experimentation
experimenting experiments expert expertise experts expiration expire expired expires explain explained explaining
explains explanation explanations explanatory explicit explicitly explode exploded explodes exploding exploit exploitation
exploited exploiting exploits exploration explore explored explorer explorers explores exploring explosion explosions
explosive explosives expo exponential exponentially export exported exporter exporters exporting exports expose
exposed exposes exposing exposition exposure express expressed expresses expressing expression expressions expressive
expressly expulsion exquisite extend extended extending extends extension extensions extensive extensively extent
exterior external externally extinct extinction extortion extra extract extracted extracting extraction extracts
extraordinarily extraordinary extras extravagant extreme extremely extremes extremism extremist extremists eye eyebrow
eyebrows eyed eyes eyewitness ezra f fa faa fabric fabricated fabrication fabrics fabulous facade face facebook
faced faces facial facilitate facilitated facilitating facilities facility facing fact faction factions factor factories
factors factory facts factual faculties faculty fade faded fades fading fag faggot fail failed failing fails failure
failures faint fair fairfield fairies fairly fairness fairs fairy faith faithful fake faked faking falcon falcons
fall fallen falling fallout falls false falsely fame famed familiar familiarity families family famine famous famously
fan fancy fandom fang fanny fans fantasies fantastic fantasy far farce fare fares farewell fargo farm farmer farmers
farmhouse farming farmland farms farrell fart farther fascinated fascinating fascination fascism fascist fascists
fashion fashionable fashioned fast faster fastest fasting fat fatal fatalities fatally fate father fathers fatigue
fats fatty faulkner fault faults faulty fauna favor favorable favored favorite favorites favors fax fay fbi fcc
fda fe fear feared fearful fearing fearless fears feasibility feasible feast feat feather feathers feature featured
features featuring feb february fed federal federally federation fedex feds fee feed feedback feeder feeding feeds
feel feeling feelings feels fees feet felicity felipe felix fell fellow fellows fellowship felony felt female females
feminine feminism feminist feminists fence fences fencing fender feral ferdinand ferguson fermentation fernandez
fernando ferrari ferris ferry fertile fertility fertilizer fest festival festivals festive festivities fetal fetch
fetched fetish fetus feud feudal fever few fewer fiasco fiat fiber fibers fiction fictional fiddle fidelity field
fielding fields fierce fiercely fiery fiesta fife fifteen fifteenth fifth fifty fig fight fighter fighters fighting
fights figs figure figured figures figuring fiji file filed files filing filipino fill filled filler filling fills
film filmed filming filmmaker filmmakers films filter filtered filtering filters filth filthy filtration fin final
finale finalist finalists finalized finally finals finance financed finances financial financially financing finch
find finding findings finds fine fined finely finer fines finest finger fingerprint fingerprints fingers finish
finished finishes finishing finite finland finn finnish fins fiona fir fire firearm firearms fired firefighter firefighters
firefox fireplace fires fireworks firing firm firmly firms first firstly fiscal fischer fish fisher fisheries fisherman
fishermen fishes fishing fist fists fit fitness fits fitted fitting fittings fitzgerald five fix fixed fixes fixing
fixture fixtures fl fla flag flagged flags flagship flair flakes flame flames flaming flanders flank flap flare
flares flash flashback flashbacks flashed flashes flashing flashlight flat flats flattened flattering flavor flavored
flavors flaw flawed flawless flaws flea fled flee fleece fleeing fleet fleeting fleets fleming flesh fletcher flew
flex flexibility flexible flick flies flight flights fling flint flip flipped flipping flips flirt flirting flo
float floated floating floats flock flood flooded flooding floods floor floors flop flops flora floral florence
flores florida flour flourish flourished flourishing flow flowed flower flowering flowers flowing flown flows floyd
flu fluctuations fluent fluffy fluid fluids flung fluorescent flush flushing flute flux fly flyer flyers flying
flynn fm foam focal focus focused focuses focusing fodder foe foes fog foil fold folded folder folding folds foley
foliage folk folklore folks follow followed follower followers following follows folly fond font foo food foods
fool fooled fooling foolish fools foot footage football footballer footballers footed footing footprint footprints
footsteps footwear for forbes forbid forbidden force forced forces forcibly forcing ford fore forecast forecasting
forecasts foreclosure forefront forehead foreign foreigner foreigners foreman foremost forensic foreseeable forest
forestry forests forever forfeit forge forged forget forgets forgetting forging forgive forgiven forgiveness forgiving
forgot forgotten fork forks form formal formally format formation formations formats formatting formed former formerly
formidable forming forms formula formulas formulated formulation forrest forster fort forth forthcoming fortified
fortnight fortress fortunate fortunately fortune fortunes forty forum forums forward forwarded forwards fossil fossils
foster fostering fought foul found foundation foundations founded founder founders founding foundry fountain fountains
four fourteen fourteenth fourth fowler fox foxes fr fracking fraction fractions fracture fractured fractures fragile
fragment fragmented fragments fragrance frame framed frames framework frameworks framing fran france frances francesca
franchise franchises francis francisco franco francois francs frank frankenstein frankfurt frankie franklin frankly
frantic franz fraser fraternity fraud fraudulent freak freaked freaking freaks freaky fred freddie freddy frederick
free freed freedom freedoms freeing freelance freely freeman freestyle freeway freeze freezer freezes freezing freight
french frenchman frenzy frequencies frequency frequent frequently fresh freshly freshman freshmen freshwater fresno
freud fri friction friday fridays fridge fried friedman friend friendly friends friendship friendships fries fright
frightened frightening fringe fritz fro frog frogs from front frontal frontier fronts frost froze frozen fruit fruitful
fruits frustrated frustrating frustration fry frying ft fuck fucked fucker fuckers fucking fucks fudge fuel fueled
fuels fugitive fulfil fulfill fulfilled fulfilling fulfillment full fuller fullest fully fulton fumble fumes fun
function functional functionality functioning functions fund fundamental fundamentally fundamentals funded funding
funds funeral funerals fungal fungi fungus funk funky funnel funnier funniest funny fur furious furnace furnished
furnishings furniture furry further furthermore fury fuse fused fusion fuss futile future futures futuristic fuzzy
fyi g ga gabriel gabrielle gadget gadgets gag gail gain gained gaining gains gal gala galactic galaxies galaxy gale
gall gallagher galleries gallery gallon gallons galloway gamble gambling game gamer games gaming gamma gandhi gang
gangs gangster gap gaps garage garbage garcia garden gardener gardening gardens gardner gareth garfield garland
garlic garment garments garner garnered garrett garrison garry garth gary gas gases gasoline gasp gastric gate gates
gateway gather gathered gathering gatherings gauge gave gavin gay gays gaza gaze gazette gb ge gear geared gearing
gears gee geek geese geez gel gem gemini gems gen gender gene genealogy genera general generalized generally generals
generate generated generates generating generation generations generator generators generic generosity generous
generously genes genesis genetic genetically genetics geneva genie genital genius genocide genome genre genres gentle
gentleman gentlemen gently genuine genuinely genus geo geoffrey geographic geographical geographically geography
geological geology geometric geometry george georges georgetown georgia georgian gerald gerard german germans germany
germs gerry gesture gestures get getaway gets getting getty ghana ghetto ghost ghosts ghz gi giant giants gibbs
gibraltar gibson gideon gif gift gifted gifts gig gigantic giggle giggles gigs gil gilbert gilded giles gill gillian
gilmore gimme gin gina ginger giovanni giraffe girl girlfriend girlfriends girls give giveaway given gives giving
glacial glacier glaciers glad gladly glamorous glamour glance gland glands glare glaring glasgow glass glasses glazed
glee glen glenn glide glimpse glitch glitter global globalization globally globe gloom gloomy gloria glorious glory
gloss glossy gloucester glove glover gloves glow glowing glucose glue glued gluten gm gmt go goa goal goalie goalkeeper
goals goat goats goblin god goddamn goddard goddess godfather gods godzilla goes goggles going gold goldberg golden
goldman golf golfer gomez gone gong gonna gonzalez goo good goodbye goodies goodman goodness goodnight goods goodwill
goodwin goofy google goose gop gordon gore gorge gorgeous gorilla gosh gospel gossip got gotcha gotham gothic gotta
gotten gould gourmet gov govern governance governed governing government governmental governments governor governors
govt gown gp gpa gps gr grab grabbed grabbing grabs grace graceful gracious grad grade graded graders grades gradient
grading gradual gradually graduate graduated graduates graduating graduation graffiti graft graham grail grain grains
gram grammar grammatical grammy grams grand grandchildren granddaughter grandfather grandma grandmother grandpa
grandparents grandson grange granite granny grant granted granting grants grape grapes graph graphic graphical graphics
graphite graphs grasp grass grateful gratitude grave gravel graves graveyard gravitational gravity gravy gray grazing
grease greasy great greater greatest greatly greatness greats greece greed greedy greek greeks green greene greenhouse
greenland greens greenwich greet greeted greeting greetings greg gregg gregory grenade grenades grew grey grid grief
grievances grieve grieving griffin griffith grill grilled grim grimes grimm grin grind grinder grinding grip gripping
grips grit gritty groceries grocery groom grooming groove gross grossly ground groundbreaking grounded grounds group
grouped grouping groups grove groves grow growers growing grown grows growth grudge grumpy gs guarantee guaranteed
guarantees guard guarded guardian guardians guarding guards guatemala gucci guerrilla guess guessed guessing guest
guests gui guidance guide guided guidelines guides guiding guild guilt guilty guinea guinness guise guitar guitarist
guitars gujarat gulf gum gun gunfire gunman gunner guns gunshot gupta guru gus gut guts gutted gutter guy guys gwen
gym gymnastics gypsy h ha habit habitat habitats habits hack hacked hacker hackers hacking hacks had hague hah hail
hailed hair haircut haired hairs hairstyle hairy haiti haitian hal hale haley half halftime halfway halifax hall
hallelujah hallmark halloween halls hallway halo halt halted halves ham hamburg hamburger hamilton hamlet hammer
hammered hammers hammond hampered hampshire hampton hamster han hancock hand handbag handbook handed handful handgun
handheld handicap handicapped handing handle handled handler handles handling handmade hands handshake handsome
handwriting handwritten handy hang hangar hanged hanging hangover hangs hank hanna hannah hannibal hanoi hanover
hans hansen hanson happen happened happening happens happier happiest happily happiness happy harassed harassing
harassment harbor hard hardcover harden hardened harder hardest harding hardly hardship hardships hardware hardwood
hardy hare harlem harley harm harmed harmful harming harmless harmonic harmony harms harness harold harp harper
harriet harrington harris harrison harry harsh hart hartford harvard harvest harvested harvesting harvey has hash
hashtag hassle haste hastily hastings hasty hat hatch hate hated hateful haters hates hath hathaway hating hatred
hats haul hauled hauling haunt haunted haunting havana have haven having havoc hawaii hawaiian hawk hawkins hawks
hay hayden hayes haynes hazard hazardous hazards haze hazel hbo hdmi he head headache headaches headed header heading
headlights headline headlines headphone headphones headquarters heads headset heal healed healer healing heals health
healthcare healthier healthy heap heaps hear heard hearing hearings hears heart heartbeat heartbreak heartbreaking
heartbroken heartfelt heartless hearts hearty heat heated heater heath heather heating heats heaven heavenly heavens
heavier heaviest heavily heavy heavyweight hebrew heck hectares hectic hector hedge heed heel heels hefty heidi
height heightened heights heinrich heir heirs heist held helen helena helicopter helicopters helium hell hello helm
helmet helmets help helped helper helpful helping helpless helps helsinki hemingway hemisphere hemp hen hence henderson
hendrix henri henry hepatitis her herald herb herbal herbert herbs hercules herd here hereby hereditary herein heresy
heritage herman hermes hernandez hero heroes heroic heroin heroine herpes herrera herring hers herself hes hesitant
hesitate hesitation heterosexual hewitt hex hey hi hiatus hicks hid hidden hide hideous hides hiding hierarchy higgins
high higher highest highland highlands highlight highlighted highlighting highlights highly highness highs highway
highways hijacked hike hikes hiking hilarious hilary hill hillary hills hillside hilton him himself hind hinder
hindi hindsight hindu hindus hinge hinges hint hinted hints hip hippie hips hire hired hires hiring his hispanic
hispanics historian historians historic historical historically histories history hit hitch hitler hits hitter hitting
hiv hive hms ho hoax hobart hobbies hobbit hobby hoc hockey hodges hoffman hog hogan hold holden holder holders
holding holdings holds hole holes holiday holidays holiness holistic holland hollow holly hollywood holmes holocaust
holt holy homage home homecoming homeland homeless homelessness homemade homeowners homepage homer homes homestead
hometown homework homicide homophobia homophobic homosexual homosexuality homosexuals hon honda honduras honest
honestly honesty honey honeymoon hong honolulu honor honorable honorary honored honoring honors hood hoodie hook
hooked hooker hooking hooks hoop hooper hoops hoover hop hope hoped hopeful hopefully hopeless hopes hoping hopkins
hopped hopper hopping hops horace horizon horizons horizontal horizontally hormonal hormone hormones horn horns
horny horrendous horrible horribly horrific horrified horrifying horror horrors horse horseback horsepower horses
horton hose hospice hospital hospitality hospitalized hospitals host hostage hostages hosted hostel hostess hostile
hostilities hostility hosting hosts hot hotel hotels hotter hottest hound hour hourly hours house housed household
households housekeeper houses housewife housewives housing houston hovering how howard howe howell however hp hq
hr hrs hs ht html http huang hub hubbard hubby hubert hubs hud hudson hue hug huge hugely hugged hugging hugh hughes
hugo hugs huh hulk hull hum human humane humanitarian humanities humanity humans humble hume humid humidity humiliated
humiliating humiliation humility humor humorous hump humphrey hun hundred hundreds hung hungarian hungary hunger
hungry hunt hunted hunter hunters hunting huntington hunts hurdle hurdles hurley hurricane hurricanes hurry hurt
hurtful hurting hurts husband husbands hush husky hussein hustle hut hutchinson hybrid hybrids hyde hyderabad hydra
hydraulic hydrogen hygiene hymn hymns hype hyped hyper hypertension hypocrisy hypocrite hypocritical hypothesis
hypothetical hysteria hysterical hyundai hz i ia ian ibm icc ice iceberg iced iceland icing icon icons icy id ida
idaho idea ideal ideally ideals ideas identical identifiable identification identified identifies identify identifying
identities identity ideological ideologies ideology idiot idiotic idiots idle idol idols ids ie ieee if ignite ignition
ignorance ignorant ignore ignored ignores ignoring igor ii iii ike ikea il ill illegal illegally illegitimate illicit
illinois illiterate illness illnesses illuminate illuminated illumination illusion illusions illustrate illustrated
illustrates illustrating illustration illustrations illustrator illustrious image imagery images imaginary imagination
imaginative imagine imagined imaging imagining imam imbalance imf imitate imitation immaculate immature immediate
immediately immense immensely immersed immersion immigrant immigrants immigration imminent immoral immortal immortality
immune immunity imo impact impacted impacts impaired impairment impartial impatient impeachment impending imperative
imperfect imperfections imperial imperialism implant implanted implants implement implementation implemented implementing
implements implicated implication implications implicit implied implies imply implying import importance important
importantly imported importing imports impose imposed imposing impossible impoverished impress impressed impression
impressions impressive imprint imprisoned imprisonment improbable improper improperly improve improved improvement
improvements improves improving improvised impulse impulses in inability inaccessible inaccurate inactive inadequate
inadvertently inappropriate inaugural inaugurated inauguration inbox inc incapable incarcerated incarceration incarnation
incentive incentives inception incest inch inches incidence incident incidental incidentally incidents inclination
inclined include included includes including inclusion inclusive income incomes incoming incompatible incompetence
incompetent incomplete inconsistent inconvenience inconvenient incorporate incorporated incorporates incorporating
incorporation incorrect incorrectly increase increased increases increasing increasingly incredible incredibly incremental
incumbent incur incurred ind indeed indefinite indefinitely independence independent independently independents
index indexes india indian indiana indianapolis indians indicate indicated indicates indicating indication indications
indicative indicator indicators indices indicted indictment indies indifference indifferent indigenous indigo indirect
indirectly indispensable individual individually individuals indonesia indonesian indoor indoors induce induced
inducing induction indulge industrial industries industry indy ineffective inefficient ineligible inequality inevitable
inevitably inexpensive inexperienced infamous infancy infant infantry infants infect infected infection infections
infectious inferior inferno infested infinite infinitely infinity infirmary inflammation inflammatory inflated inflation
inflict inflicted influence influenced influences influencing influential influenza influx info inform informal
informant information informative informed informing informs infrared infrastructure infringement infused infusion
ing ingenious ingram ingredient ingredients inhabit inhabitants inhabited inherent inherently inherit inheritance
inherited inhibit inhibition initial initially initials initiate initiated initiating initiation initiative initiatives
inject injected injection injections injunction injured injuries injuring injury injustice ink inland inlet inmate
inmates inn innate inner inning innings innocence innocent innovation innovations innovative input inputs inquire
inquiries inquiry inquisition ins insane insanely insanity inscribed inscription inscriptions insect insects insecure
insecurity insensitive insert inserted insertion inside insider insiders insight insightful insights insignificant
insist insisted insistence insisting insists insomnia inspect inspected inspection inspections inspector inspectors
inspiration inspirational inspire inspired inspires inspiring instability instagram install installation installations
installed installing installment instance instances instant instantly instead instinct instincts institute instituted
institutes institution institutional institutions instruct instructed instruction instructional instructions instructor
instructors instrument instrumental instrumentation instruments insufficient insulated insulation insulin insult
insulted insulting insults insurance insure insured insurer insurers insurgency insurgents int intact intake integer
integral integrate integrated integrating integration integrity intel intellect intellectual intellectually intellectuals
intelligence intelligent intend intended intending intends intense intensely intensified intensity intensive intent
intention intentional intentionally intentions inter interact interacting interaction interactions interactive intercept
intercepted interception interchange intercourse interdisciplinary interest interested interesting interestingly
interests interface interfaces interfere interference interfering interim interior interiors intermediate intermittent
intern internal internally international internationally internet interns internship interpersonal interpret interpretation
interpretations interpreted interpreter interpreting interracial interrogation interrupt interrupted interruption
intersection interstate interstellar interval intervals intervene intervened intervening intervention interventions
interview interviewed interviewer interviewing interviews intestinal intimacy intimate intimidate intimidated intimidating
intimidation into intolerance intoxicated intricate intrigue intrigued intriguing intrinsic intro introduce introduced
introduces introducing introduction introductions introductory intruder intrusion intrusive intuition intuitive
invade invaded invaders invading invalid invaluable invariably invasion invasive invent invented invention inventions
inventor inventory inverse inverted invest invested investigate investigated investigates investigating investigation
investigations investigative investigator investigators investing investment investments investor investors invincible
invisible invitation invitations invite invited invites inviting invoke invoked involuntary involve involved involvement
involves involving inward io ion ions ios iowa ip ipa ipad iphone ipo ipod iq ir ira iran iranian iraq iraqi ireland
irene iris irish iron ironic ironically irons irony irrational irregular irregularities irrelevant irresistible
irrespective irresponsible irrigation irritated irritating irritation irs irving irwin is isaac isabel isabella
isabelle isaiah isis islam islamabad islamic islamist island islanders islands isle isles iso isolate isolated isolation
israel israeli israelis iss issuance issue issued issues issuing istanbul it italian italians italy itch itching
itchy item items iteration its itself itunes iv ivan ivory ivy ix j jab jack jackass jacket jackets jackie jackpot
jacks jackson jacksonville jacob jacobs jacqueline jacques jade jaguar jaguars jail jailed jaime jakarta jake jam
jamaica jamaican jamal james jamie jammed jamming jams jan jane janet janice january japan japanese jar jared jars
jarvis jasmine jason jasper java javascript javier jaw jaws jay jays jazz jealous jealousy jean jeanne jeans jedi
jeep jeez jeff jefferson jeffrey jelly jenkins jenna jenner jennifer jennings jenny jensen jeopardy jeremiah jeremy
jericho jerk jerome jerry jersey jerseys jerusalem jess jesse jessica jessie jesus jet jets jew jewel jewelry jewels
jewish jews jfk jihad jill jim jimmy jo joan joanna joanne joaquin job jobs jock jockey joe joel joey jog jogging
johann johannesburg john johnny johns johnson johnston join joined joining joins joint jointly joints joke joker
jokes joking jolly jon jonah jonas jonathan jones jordan jorge jose joseph josephine josh joshua journal journalism
journalist journalistic journalists journals journey journeys joy joyce joyful joyous joys jp jr juan jubilee judah
judaism judas judd jude judge judged judgement judges judging judgment judgments judicial judiciary judith judy
jug juice juices juicy jul jules julia julian julie juliet julio julius july jumbo jump jumped jumper jumpers jumping
jumps jun junction june jung jungle junior juniors junk junta jupiter jurassic jurisdiction jurors jury just justice
justices justification justified justify justifying justin juvenile k kabul kaiser kale kane kangaroo kansas kara
karachi karaoke karate karen karl karma kashmir kate katherine kathleen kathryn kathy katie katrina katy kay kazakhstan
kc keen keep keeper keepers keeping keeps keith keller kelley kelly kelvin kemp ken kendall kendrick kennedy kenneth
kenny kent kentucky kenya kenyan kept kernel kerr kerry ketchup kettle kevin key keyboard keyboards keynote keys
keystone keyword keywords kg kgb khan kia kick kicked kicker kicking kickoff kicks kid kidd kidding kidnap kidnapped
kidnapping kidney kidneys kids kiev kill killed killer killers killing killings kills kilometers kim kimberly kin
kind kinda kinder kindergarten kindle kindly kindness kinds kinetic king kingdom kingdoms kings kingston kinky kirby
kirk kiss kissed kisses kissing kit kitchen kitchens kite kits kitten kittens kitty kiwi klaus klein km knee kneeling
knees knew knife knight knights knit knitting knives knob knock knocked knocking knockout knocks knot knots know
knowing knowingly knowledge knowledgeable known knows knox knoxville knuckles ko kobe koch kong korea korean koreans
kraft kramer kremlin kris krishna kristen ks kudos kurdish kurt kuwait kw ky kyle kyoto l la lab label labeled labeling
labelled labels labor laboratories laboratory laborers labrador labs labyrinth lace laced lack lacked lacking lacks
lacrosse lad ladder laden ladies lads lady lafayette lag lagoon lagos lahore laid lake lakes lam lama lamar lamb
lambert lame lamp lamps lana lancashire lancaster lance land landed landfill landing landings landlord landlords
landmark landmarks landowners lands landscape landscapes landslide lane lanes lang langley language languages lanka
lantern laos lap laps lapse laptop laptops lara large largely larger largest larry lars larson larvae las laser
lasers lash lashes last lasted lasting lastly lasts latch late lately latency later lateral latest latex latin latina
latino latinos latitude latte latter lattice latvia laugh laughed laughing laughs laughter launch launched launcher
launches launching laundering laundry laura laurel lauren laurence laurent laurie lava lavender lavish law lawful
lawmakers lawn lawrence laws lawson lawsuit lawsuits lawyer lawyers lax lay layer layered layers laying layout lays
lazy lb lbs lcd le lea lead leader leaders leadership leading leads leaf leaflets leafs leafy league leagues leah
leak leaked leaking leaks lean leaned leaning leap leaps learn learned learner learners learning learns learnt lease
leased leases leash leasing least leather leave leaves leaving lebanese lebanon lecture lecturer lectures led ledge
ledger lee leeds left leftist leftover leftovers leg legacy legal legality legalization legally legend legendary
legends legged legion legislation legislative legislators legislature legit legitimacy legitimate legitimately lego
legs leicester leigh leisure lemon lemonade lemons len lena lend lender lenders lending lends length lengths lengthy
lenin lennon lenny lens lenses lent leo leon leonard leonardo leopard leroy les lesbian lesbians lesions leslie
less lessen lesser lesson lessons lest lester let lethal lets letter letters letting lettuce leukemia level levels
lever leverage levi levine levy lewis lexington lg lgbt li liabilities liability liable liaison liar liars lib libel
liberal liberalism liberals liberated liberation liberia libertarian liberties liberty librarian libraries library
libya libyan licence licences license licensed licenses licensing lick licking lid lie lied lies lieu lieutenant
life lifelong lifespan lifestyle lifestyles lifetime lift lifted lifting lifts ligament light lighten lighter lighthouse
lighting lightly lightning lights lightweight like liked likelihood likely likeness likes likewise liking lilly
lily lima limb limbo limbs lime limestone limit limitation limitations limited limiting limits limo limp lin lincoln
linda lindsay lindsey line lineage linear linebacker lined linen liner liners lines lineup linger lingerie lingering
linguistic linguistics lining link linked linking links linux lion lionel lions lip lipid lips lipstick liquid liquidity
liquids liquor lisa lisbon list listed listen listened listener listeners listening listens listing listings lists
lit lite liter literacy literal literally literary literature lithium lithuania litigation litter little live lived
livelihood lively liver liverpool lives livestock living livingston liz lizard lizzie lloyd ln lo load loaded loading
loads loaf loan loaned loans lobby lobbying lobe lobster local localities locality localized locally locals locate
located locating location locations lock locke locked locker lockheed locking locks locomotive lodge lodged lodging
loft lofty log logan logged logging logic logical logically login logistics logo logos logs lois lola london lone
loneliness lonely long longer longest longevity longing longitudinal longtime look looked looking lookout looks
loom looming loop loops loose loosely loosen loot looting lopez lord lords lordship lore lorenzo lori lorraine los
lose loser losers loses losing loss losses lost lot lotion lots lottery lotus lou loud louder loudly louie louis
louisa louise louisiana louisville lounge lousy love loved lovely lover lovers loves loving low lowe lowell lower
lowered lowering lowers lowest lows loyal loyalty lp lr ls lt ltd lu lucas lucia lucifer luck luckily lucky lucrative
lucy ludicrous ludwig luggage luis luke lulu lumber lump luna lunar lunatic lunch luncheon lunches lunchtime lung
lungs lure lurking lush lust luther lutheran luxembourg luxurious luxury lydia lying lyle lynch lynn lyon lyons
lyric lyrical lyrics m ma mac macbeth macdonald mace macedonia machine machinery machines mack mackenzie macmillan
macro mad madagascar madam madame madden made madeleine madison madness madonna madras madrid mae mafia magazine
magazines maggie magic magical magically magician magistrate magistrates magnesium magnet magnetic magnets magnificent
magnitude magnum maharashtra mahogany mai maid maiden mail mailbox mailed mailing mails main maine mainland mainly
mains mainstream maintain maintained maintaining maintains maintenance maize maj majestic majesty major majority
majors make maker makers makes makeup making malaria malawi malay malaysia malaysian malcolm maldives male males
malfunction mali malibu malice malicious malignant mall malls malone malt malta malware mama mamma mammal mammals
mammoth man manage manageable managed management manager managerial managers manages managing manchester mandarin
mandate mandated mandates mandatory mandela mandy mane maneuver manga mango manhattan mania manic manifest manifestation
manifesto manifold manila manipulate manipulated manipulating manipulation manitoba mankind manly mann manned manner
manners manning manor manpower mans mansfield mansion manslaughter manson mantle mantra manual manually manuals
manuel manufacture manufactured manufacturer manufacturers manufactures manufacturing manuscript manuscripts many
mao map maple mapped mapping maps mar mara marathon marble marc marcel march marched marches marching marco marcos
marcus mare margaret margarita margin marginal margins maria marian marianne marie marijuana marilyn marin marina
marine mariners marines mario marion marital maritime mark marked markedly marker markers market marketed marketers
marketing marketplace markets marking markings marks marley maroon marquis marriage marriages married marriott marrow
marry marrying mars marsh marshal marshall mart marta martha martial martian martin martinez marty martyr martyrs
marvel marvelous marvin marx marxism marxist mary maryland mas mascara mascot masculine masculinity mash mashed
mask masked masks mason masonry mass massachusetts massacre massage masses massive massively mast master mastered
mastering mastermind masterpiece masters mastery masturbating masturbation mat match matched matches matching matchmaking
mate material materially materials maternal maternity mates math mathematical mathematics mating matrix mats matt
matte matter mattered matters matthew matthews mattress mature matured maturity maui maureen maurice maverick max
maxim maximize maximum maxwell may maya maybe mayer mayhem mayo mayor mayors mazda maze mb mba mc mcbride mccain
mccarthy mccartney mcconnell mccoy mcdonald mcgee mcguire mckay mckenzie mclaughlin mclean mcmahon mcqueen md me
mead meadow meadows meal meals mean meaning meaningful meaningless meanings means meant meantime meanwhile measles
measurable measure measured measurement measurements measures measuring meat meats mecca mechanic mechanical mechanically
mechanics mechanism mechanisms med medal medals meddling media median mediated mediation mediator medic medicaid
medical medically medicare medication medications medicinal medicine medicines medieval medina mediocre meditation
mediterranean medium meek meet meeting meetings meets meg megan meh mel melancholy melanie melbourne melissa mellow
melodies melody melon melt meltdown melted melting melts melvin member members membership membrane membranes meme
memes memo memoir memoirs memorabilia memorable memorandum memorial memories memory memphis men menace mend mental
mentality mentally mention mentioned mentioning mentions mentor mentoring mentors menu menus meow mercedes mercer
merchandise merchant merchants mercury mercy mere meredith merely merge merged merger mergers merging meridian merit
merits merlin mermaid merrill merry mesa mesh mess message messages messed messenger messiah messing messy met meta
metabolic metabolism metal metallic metals metaphor meteor meteorological meter meters methane method methodist
methodology methods metric metrics metro metropolis metropolitan mexican mexicans mexico meyer mg mhz mi mia miami
mice mich michael michel michele michelle michigan mick mickey microphone microscope microscopic microsoft microwave
mid midday middle middleton midland midlands midnight midst midterm midtown midway midwest might mighty migraine
migrant migrants migrate migrated migration miguel mike mikhail mil milan mild mildly mile mileage miles milestone
milestones milf milford militant militants military militia milk milky mill millennial millennium miller milling
million millionaire millionaires millions mills milo milton milwaukee mimi mimic min mind minded mindful mindfulness
minds mine mined miner mineral minerals miners mines ming mini miniature minimal minimize minimum mining minions
minister ministerial ministers ministries ministry minneapolis minnesota minnie minor minorities minority minors
mint minus minute minutes mir miracle miracles miraculous mirage miranda miriam mirror mirrored mirrors miscarriage
miscellaneous mischief misconduct misdemeanor miserable misery misfortune misguided misleading misplaced miss missed
misses missile missiles missing mission missionaries missionary missions mississippi missouri mist mistake mistaken
mistakenly mistakes mister mistress misty misunderstanding misunderstood misuse mit mitch mitchell mitigate mitigation
mitsubishi mitt mix mixed mixer mixes mixing mixture ml mm mn mo moan moaning mob mobile mobility mock mocked mockery
mocking mod mode model modeled modeling modelling models modem moderate moderately moderation moderator modern modernization
modes modest modification modifications modified modify modifying mods modular modulation module modules moe mohamed
mohammad mohammed moist moisture mold mole molecular molecule molecules molly molten mom moment moments momentum
momma mommy moms mon mona monaco monarch monarchy monastery monday mondays monetary money mongolia monica monitor
monitored monitoring monitors monk monkey monkeys monks mono monopoly monroe monsieur monsoon monster monsters monstrous
mont montage montana monte monterey montgomery month monthly months montreal monty monument monumental monuments
mood moods moody moon moonlight moons moor moore moose mop moral morale morales morality morally morals moran more
moreno moreover morgan mormon morning mornings moroccan morocco moron morons morphine morphology morris morrison
morrow morse mortal mortality mortar mortgage mortgages morton mos mosaic moscow moses mosque mosques mosquito mosquitoes
moss most mostly motel moth mother motherfucker motherhood mothers motif motion motions motivate motivated motivating
motivation motivational motivations motive motives motor motorcycle motorcycles motorists motorola motors motorway
motto mound mount mountain mountainous mountains mounted mounting mounts mourn mourning mouse mouth mouths move
moved movement movements moves movie movies moving mozambique mozart mp mph mr mri mrs ms mt mtv mu much mud muddy
mueller muffin mug muhammad muir mule muller multi multicultural multimedia multinational multiplayer multiple multiply
multitude mum mumbai mummy mundane munich municipal municipalities municipality munitions mural murder murdered
murderer murderers murdering murderous murders murdoch murphy murray muscle muscles muscular muse museum museums
mushroom mushrooms music musical musician musicians musk muslim muslims must mustache mustang mustard muster mutant
mutants mutation mutations mute muted mutual mutually muzzle mvp my myanmar myers myriad myrtle myself myspace mysteries
mysterious mystery mystic mystical myth mythical mythology myths n na nadia nail nailed nails nairobi naive naked
nam name named namely names naming nan nancy nanny naomi nap napa naples napoleon narcotics narrated narration narrative
narratives narrator narrow narrowed narrower narrowly nasa nasal nascar nasdaq nash nashville nassau nasty nat natal
natalie natasha nate nathan nathaniel nation national nationalism nationalist nationalists nationalities nationality
nationally nationals nations nationwide native natives nato natural naturally nature naughty nausea nautical naval
navigate navigating navigation navigator navy nay nazi nazis nb nba nbc nc ncaa nd ne neal near nearby nearer nearest
nearing nearly neat neatly nebraska necessarily necessary necessities necessity neck necklace necks ned need needed
needing needle needles needless needs needy negative negatively negatives negativity neglect neglected negligence
negligent negligible negotiate negotiated negotiating negotiation negotiations negro neighbor neighborhood neighborhoods
neighboring neighbors neil neither nelson nemesis neo neon nepal nephew neptune nerd nerds nero nerve nerves nervous
nest nesting nests net netflix netherlands nets network networking networks neural neurological neurons neutral
neutrality neutron nevada never nevertheless new newark newborn newcastle newcomer newcomers newer newest newfoundland
newly newman newport news newsletter newspaper newspapers newton next nexus nfl nh nhl ni niagara nicaragua nice
nicely nicer nicest niche nicholas nichols nicholson nick nickel nickname nicknamed nicola nicolas nicole nicotine
niece nielsen nigel niger nigeria nigerian nigga nigger night nightclub nightingale nightly nightmare nightmares
nights nike nikki nikon nil nile nina nine nineteen nineteenth ninety ninja nintendo ninth nip nipple nipples nirvana
nissan nitrogen nixon nj nm no noah nobel nobility noble nobles nobody nod nodded node nodes nods noel noise noises
noisy nokia nolan nominal nominate nominated nomination nominations nominee nominees non none nonetheless nonprofit
nonsense nonstop noodle noodles noon nope nor nora nordic norfolk norm norma normal normally norman normandy norms
norris north northampton northeast northeastern northern northwest northwestern norton norway norwegian norwich
nos nose noses nostalgia nostalgic not notable notably notation notch note notebook noted notes noteworthy nothing
notice noticeable noticeably noticed notices noticing notification notifications notified notify noting notion notions
notorious notoriously nottingham notwithstanding noun nov nova novel novelist novels novelty november novice now
nowadays nowhere np npr nsa nsfw nt nu nuclear nucleus nude nudity nuggets nuisance nuke null numb number numbered
numbers numerical numerous nun nuns nurse nursery nurses nursing nurture nut nutrient nutrients nutrition nutritional
nuts nutshell nv nw ny nyc nylon nz o oak oakland oaks oasis oath oatmeal oats ob obama obamacare obedience obese
obesity obey obituary object objected objection objections objective objectives objects obligated obligation obligations
obligatory obliged oblivion oblivious obnoxious obscene obscure observation observations observatory observe observed
observer observers observes observing obsessed obsession obsessive obsolete obstacle obstacles obstruction obtain
obtained obtaining obvious obviously occasion occasional occasionally occasions occult occupancy occupants occupation
occupational occupations occupied occupies occupy occupying occur occurred occurrence occurring occurs ocean oceanic
oceans oct october octopus od odd oddly odds ode odor odyssey of off offend offended offender offenders offending
offense offenses offensive offer offered offering offerings offers office officer officers offices official officially
officials offline offs offset offshore offspring often oh ohio oil oils oily ok okay oklahoma old older oldest olga
olive oliver olives olivia olivier ollie olsen olson olympian olympic olympics omaha oman omar omega ominous omission
omitted on once oncology one ones oneself ongoing onion onions online only onset ontario onto onward onwards oops
op opaque open opened opener opening openings openly openness opens opera operate operated operates operating operation
operational operations operative operatives operator operators opinion opinions opioid opium opponent opponents
opportunities opportunity oppose opposed opposes opposing opposite opposition oppressed oppression oppressive oprah
ops opt opted optic optical optics optimal optimism optimistic optimization optimize optimized optimum opting option
optional options or oracle oral orange oranges orbit orbital orbits orchard orchestra orchid ordained ordeal order
ordered ordering orderly orders ordinance ordinary ordination ordnance ore oregon organ organic organism organisms
organization organizational organizations organize organized organizer organizers organizing organs orgasm orient
oriental orientation oriented origin original originality originally originals originate originated originating
origins orioles orion orlando orleans ornament ornamental ornaments orphan orphanage orphans orthodox ortiz os osaka
osborne oscar oscars oslo ostensibly oswald ot other others otherwise otis ottawa otter otto ottoman ouch ought
ounce ounces our ours ourselves out outbreak outbreaks outcome outcomes outdated outdoor outdoors outer outfit outfits
outgoing outing outlaw outlet outlets outline outlined outlines outlining outlook outnumbered outpatient outpost
output outputs outrage outraged outrageous outreach outright outs outset outside outsider outsiders outskirts outsourcing
outspoken outstanding outward oval ovarian ovation oven over overall overboard overcome overcoming overdose overdue
overflow overhaul overhead overheard overlap overlapping overload overlook overlooked overlooking overly overnight
overrated override overrun overs overseas oversee overseeing oversees oversight oversized overt overtake overthrow
overtime overturned overview overweight overwhelmed overwhelming overwhelmingly ow owe owed owen owens owes owing
owl owls own owned owner owners ownership owning owns ox oxford oxidation oxide oxygen oyster oysters oz ozone p
pa pablo pac pace paced pacific pacing pack package packaged packages packaging packed packers packet packets packing
packs pact pad paddle paddy pads pagan page pageant pages paid paige pain painful painfully pains paint painted
painter painters painting paintings paints pair paired pairing pairs paisley pajamas pakistan pakistani pal palace
palaces palate pale palestine palestinian palestinians palette palm palmer palms pals pam pamela pamphlet pan panama
pancake pancakes pancreatic panda pandemic pandora panel panels panic panicked panorama pans panther panthers panties
pants papa papal paper paperback papers paperwork par parachute parade parades paradigm paradise paradox paragraph
paragraphs parallel parallels paralysis paralyzed paramedics parameter parameters paramount paranoia paranoid paranormal
parasite parasites parcel parcels pardon parent parental parenthood parenting parents paris parish parishes parity
park parked parker parking parks parkway parliament parliamentary parlor parody parole parrot parry parsons part
parted partial partially participant participants participate participated participating participation particle
particles particular particularly parties parting partisan partition partly partner partnered partnering partners
partnership partnerships parts party partying pas pasadena pascal pass passage passages passed passenger passengers
passes passing passion passionate passionately passions passive passport passports password passwords past pasta
paste pastor pastoral pastors pastry pasture pat patch patches patel patent patented patents paterson path pathetic
pathogens pathological pathology paths pathway pathways patience patient patiently patients patio patriarch patricia
patrick patriot patriotic patriotism patriots patrol patrols patron patronage patrons pats pattern patterns patterson
patton patty paul paula pauline pause paused paved pavement pavilion paving paw pawn paws pay payable paycheck payday
paying payload payment payments payne paypal payroll pays pb pbs pc pcs pd pdf pe pea peabody peace peaceful peacefully
peach peaches peacock peak peaked peaks peanut peanuts pear pearl pearls pearson peas peasant peasants peat pebble
peck peculiar pedal pedestal pedestrian pedestrians pediatric pediatrics pedigree pedro pee peek peel peeled peep
peer peers peg peggy pelvic pen penal penalties penalty pence pencil pencils pendant pending penelope penetrate
penetrating penetration penguin penguins peninsula penis penn penned pennies pennsylvania penny pens pension pensions
pentagon penthouse people peoples pep pepper peppers pepsi per perceive perceived percent percentage percentages
perception perceptions perch percussion percy perennial perez perfect perfected perfection perfectly perform performance
performances performed performer performers performing performs perfume perhaps peril perimeter period periodic
periodically periods peripheral periphery perish perished perjury perkins perks permanent permanently permission
permit permits permitted permitting perpendicular perpetrator perpetrators perpetual perry persecuted persecution
perseverance persia persian persist persisted persistence persistent persists person persona personal personalities
personality personalized personally personnel persons perspective perspectives persuade persuaded persuasion persuasive
pertaining perth pertinent peru peruvian pervasive pervert pest pesticides pests pet petals pete peter peters peterson
petite petition petitions petrol petroleum pets petty pew pg ph phantom pharaoh pharmaceutical pharmaceuticals pharmacist
pharmacy phase phased phases phd phelps phenomena phenomenal phenomenon phil philadelphia philanthropy philip philippe
philippine philippines philips phillip phillips philly philosopher philosophers philosophical philosophy phoebe
phoenix phone phones phony phosphate photo photograph photographed photographer photographers photographic photographs
photography photon photos php phrase phrases phyllis physical physically physician physicians physicist physicists
physics physiological physiology physique pi pianist piano picasso pick picked picking pickle pickles picks pickup
picky picnic picture pictured pictures picturesque pie piece pieces pier pierce pierced piercing pierre piers pies
pig pigeon pigeons piggy pigment pigs pike pile piled piles pilgrim pilgrimage pilgrims piling pill pillar pillars
pillow pillows pills pilot pilots pimp pin pinch pine pineapple pines ping pink pinky pinnacle pinned pinpoint pins
pint pioneer pioneered pioneering pioneers pious pip pipe pipeline pipelines piper pipes piping piracy pirate pirates
piss pissed pisses pissing pistol pistols piston pistons pit pitch pitched pitcher pitchers pitches pitching pits
pitt pittsburgh pity pivot pivotal pixel pixels pizza pizzas pl place placebo placed placement places placing plague
plagued plaid plain plainly plains plaintiff plaintiffs plan plane planes planet planetary planets plank planned
planner planners planning plans plant plantation plantations planted planting plants plaque plasma plaster plastic
plastics plate plateau plated plates platform platforms platinum plato platoon plausible play playable playback
playboy played player players playful playground playing playlist playoff playoffs plays playstation playwright
plaza plea plead pleaded pleading pleas pleasant pleasantly please pleased pleases pleasing pleasure pleasures pledge
pledged pledges plentiful plenty plight plot plots plotted plotting plug plugged plugs plum plumber plumbing plunge
plunged plural plurality plus plush pluto plymouth plywood pm pneumonia po pocket pockets pod podcast podcasts podium
pods poe poem poems poet poetic poetry poets point pointed pointer pointers pointing pointless points poised poison
poisoned poisoning poisonous poke poker poking pol poland polar polarized pole poles police policeman policemen
policies policing policy polish polished polite politely political politically politician politicians politics poll
pollen polling polls pollutants polluted pollution polly polo polymer pond ponder ponds ponies pony pooh pool poole
pools poop poor poorer poorest poorly pop popcorn pope popped popping poppy pops populace popular popularity populated
population populations populist populous porcelain porch pores pork porn porno pornography porous porsche port portable
portal portals porter portfolio portfolios portion portions portland portrait portraits portray portrayal portrayed
portraying portrays ports portsmouth portugal portuguese pose posed poses posh posing position positioned positioning
positions positive positively positives possess possessed possesses possessing possession possessions possibilities
possibility possible possibly post postage postal postcard posted poster posterior posters posting postpone postponed
posts posture postwar pot potassium potato potatoes potent potential potentially potion potomac pots potter pottery
pouch poultry pound pounding pounds pour poured pouring poverty pow powder powdered powell power powered powerful
powerhouse powerless powers pp pr practical practically practice practiced practices practicing practise practised
practising practitioner practitioners pragmatic prague prairie praise praised praises praising prank pratt pray
prayed prayer prayers praying preach preached preacher preaching precaution precautions preceded precedence precedent
preceding precinct precious precipitation precise precisely precision precursor predator predators predatory predecessor
predecessors predetermined predict predictable predicted predicting prediction predictions predictive predicts predominantly
preface prefer preferable preferably preference preferences preferred preferring prefers pregnancies pregnancy pregnant
prehistoric prejudice preliminary prelude premature prematurely premier premiere premiered premise premises premium
premiums prep prepaid preparation preparations preparatory prepare prepared preparedness prepares preparing pres
presbyterian preschool prescott prescribe prescribed prescription prescriptions presence present presentation presentations
presented presenter presenting presently presents preservation preserve preserved preserves preserving presided
presidency president presidential presidents presiding press pressed presses pressing pressure pressured pressures
prestige prestigious preston presumably presume presumed pretend pretended pretending pretends pretoria prettier
prettiest pretty prevail prevailed prevailing prevalence prevalent prevent prevented preventing prevention preventive
prevents preview previews previous previously prey price priced priceless prices pricey pricing prick pride priest
priesthood priests primal primaries primarily primary prime primer primitive prince princes princess princesses
princeton principal principally principals principle principles print printed printer printers printing prints prior
priorities prioritize priority prism prison prisoner prisoners prisons pristine privacy private privately privilege
privileged privileges privy prize prized prizes pro proactive probability probable probably probation probe probes
problem problematic problems procedural procedure procedures proceed proceeded proceeding proceedings proceeds process
processed processes processing procession processor processors proclaimed proclamation procurement produce produced
producer producers produces producing product production productions productive productivity products prof profession
professional professionalism professionally professionals professions professor professors proficiency proficient
profile profiles profiling profit profitability profitable profits profound profoundly prognosis program programme
programmed programmer programmers programmes programming programs progress progressed progresses progressing progression
progressive progressively progressives prohibit prohibited prohibiting prohibition prohibits project projected projecting
projection projections projector projects proliferation prolific prolonged prom prominence prominent prominently
promise promised promises promising promo promote promoted promoter promoters promotes promoting promotion promotional
promotions prompt prompted prompting promptly prompts prone pronounce pronounced pronouns pronunciation proof proofs
prop propaganda propagation propelled propeller proper properly properties property prophecy prophet prophets proponents
proportion proportional proportions proposal proposals propose proposed proposes proposing proposition proprietary
proprietor props propulsion pros prose prosecute prosecuted prosecuting prosecution prosecutor prosecutors prospect
prospective prospects prosper prosperity prosperous prostate prostitute prostitutes prostitution protagonist protagonists
protect protected protecting protection protections protective protector protects protein proteins protest protestant
protestants protested protesters protesting protestors protests protocol protocols proton prototype proud proudly
prove proved proven proves provide provided providence provider providers provides providing province provinces
provincial proving provision provisional provisions provocative provoke provoked provoking prowess proximity proxy
prudent prussia ps psalm psalms pseudo pst psych psyche psychedelic psychiatric psychiatrist psychiatry psychic
psycho psychological psychologically psychologist psychologists psychology psychopath psychotic pt pu pub puberty
public publication publications publicity publicly publish published publisher publishers publishes publishing pubs
puck pudding puerto puff pulitzer pull pulled pulling pulls pulmonary pulp pulse pulses pump pumped pumping pumpkin
pumps pun punch punched punches punching punctuation punish punishable punished punishing punishment punishments
punitive punjab punk punt pup pupil pupils puppet puppets puppies puppy pups purchase purchased purchaser purchases
purchasing purdue pure purely purge purification purity purple purported purpose purposely purposes purse pursuant
pursue pursued pursuing pursuit pursuits push pushed pushes pushing pussy put putin putnam puts putting puzzle puzzles
pyramid pyramids python q qatar quad quake qualification qualifications qualified qualifier qualifies qualify qualifying
qualitative qualities quality quantitative quantities quantity quantum quarantine quarrel quarry quarter quarterback
quarterly quarters quartet quartz quasi quebec queen queens queensland queer quentin queries query quest question
questionable questioned questioning questionnaire questions queue quick quicker quickest quickly quid quiet quieter
quietly quincy quinn quirky quit quite quits quitting quiz quota quotas quotation quotations quote quoted quotes
quoting quran r ra rabbi rabbit rabbits race raced racer races rachel racial racially racing racism racist racists
rack racket racks radar radial radiant radiation radiator radical radically radicals radio radioactive radios radius
rae raf rafael raft rag rage raging rags raid raided raider raiders raids rail railroad railroads rails railway
railways rain rainbow rained rainfall rainforest raining rains rainy raise raised raises raising raja rake raleigh
rallies rally ralph ram ramifications ramirez ramon ramos ramp rampage rampant rams ramsay ramsey ran ranch rand
randall randolph random randomized randomly randy rang range ranged ranger rangers ranges ranging rank ranked ranking
rankings ranks ransom rant rap rape raped rapes raphael rapid rapidly rapids raping rapist rapists rapper rappers
rare rarely rarity rash raspberry rat rate rated rates rather ratified rating ratings ratio rational rationale ratios
rats rattle rave raven ravens raw ray raymond rays razor rb rbi rd re reach reached reaches reaching react reacted
reacting reaction reactions reactive reactor reactors reacts read readable reader readers readily readiness reading
readings reads ready reagan real realism realistic realistically realities reality realization realize realized
realizes realizing really realm realms realty reap reaper rear reason reasonable reasonably reasoned reasoning reasons
reassure reassuring rebate rebecca rebel rebellion rebellious rebels rebirth reborn rebound rebounds rebuild rebuilding
rebuilt recall recalled recalling recalls recap receipt receipts receive received receiver receivers receives receiving
recent recently reception receptive receptor receptors recess recession recharge recipe recipes recipient recipients
reckless reckon reclaim reclaimed recognition recognizable recognize recognized recognizes recognizing recommend
recommendation recommendations recommended recommending recommends reconcile reconciliation reconnaissance reconsider
reconstruction record recorded recorder recording recordings records recourse recover recovered recovering recovery
recreate recreation recreational recruit recruited recruiting recruitment recruits rectangular rector recurring
recycle recycled recycling red reddish redeem redeemed redemption redesign redesigned redevelopment reds redskins
reduce reduced reduces reducing reduction reductions redundancy redundant reed reef reefs reel reelection reese
reeves ref refer referee referees reference referenced references referencing referendum referral referred referring
refers refined refinery refining reflect reflected reflecting reflection reflections reflective reflects reflex
reform reformation reformed reforms refrain refresh refreshing refrigerator refs refuge refugee refugees refund
refunds refurbished refusal refuse refused refuses refusing regain regained regal regard regarded regarding regardless
regards regeneration regent reggae reggie regime regimen regiment regiments regimes regina region regional regions
register registered registering registers registrar registration registry regression regret regrets regretted regular
regularly regulars regulate regulated regulates regulating regulation regulations regulator regulators regulatory
rehab rehabilitation rehearsal rehearsals reich reid reign reigning reigns reilly reimbursement rein reindeer reinforce
reinforced reinforcement reinforcements reinforcing reins reinstated reject rejected rejecting rejection rejects
rejoice relapse relate related relates relating relation relations relationship relationships relative relatively
relatives relativity relax relaxation relaxed relaxing relay release released releases releasing relegated relegation
relentless relevance relevant reliability reliable reliably reliance reliant relic relics relied relief relies relieve
relieved religion religions religious relish relocate relocated relocation reluctance reluctant reluctantly rely
relying remain remainder remained remaining remains remake remark remarkable remarkably remarked remarks rematch
remedies remedy remember remembered remembering remembers remembrance remind reminded reminder reminders reminding
reminds reminiscent remnant remnants remorse remote remotely removable removal remove removed removes removing renaissance
renal renamed renault render rendered rendering renders rendezvous rendition rene renee renew renewable renewal
renewed reno renovated renovation renovations renowned rent rental rentals rented renting rents reopen reopened
reorganization rep repaid repair repaired repairing repairs repay repayment repeal repealed repeat repeated repeatedly
repeating repeats repent repercussions repertoire repetition repetitive replace replaced replacement replacements
replaces replacing replay replica replicate replication replied replies reply replying report reported reportedly
reporter reporters reporting reports repository represent representation representations representative representatives
represented representing represents repression reprint reprinted reproduce reproduced reproduction reproductive
reps reptiles republic republican republicans republics reputable reputation request requested requesting requests
require required requirement requirements requires requiring rescue rescued rescuing research researched researcher
researchers researching resemblance resemble resembled resembles resembling resent resentment reservation reservations
reserve reserved reserves reservoir reservoirs reset reside resided residence residences residency resident residential
residents resides residing residual residue resign resignation resigned resilience resilient resin resist resistance
resistant resisted resisting resolution resolutions resolve resolved resolving resonance resort resorts resource
resources respect respectable respected respectful respectfully respecting respective respectively respects respiratory
respond responded respondents responding responds response responses responsibilities responsibility responsible
responsive rest restart restaurant restaurants rested resting restless restoration restore restored restoring restrained
restraining restraint restrict restricted restricting restriction restrictions restrictive restroom restructuring
rests result resulted resulting results resume resumed resumes resurgence resurrection retail retailer retailers
retain retained retaining retains retaliation retard retarded retention rethink retina retire retired retirement
retires retiring retreat retreated retribution retrieval retrieve retrieved retrospect retrospective return returned
returning returns reunion reunite reunited reuse reuters rev reveal revealed revealing reveals revelation revelations
revenge revenue revenues revered reverend reversal reverse reversed reversible reversing revert review reviewed
reviewer reviewers reviewing reviews revise revised revision revisions revisit revival revive revived revoked revolt
revolution revolutionary revolutions revolver revolves revolving reward rewarded rewarding rewards rewrite rex reyes
reynolds rh rhetoric rhetorical rhino rhode rhodes rhyme rhymes rhythm rhythmic rhythms ri rib ribbon ribbons ribs
ricardo rice rich richard richards richardson richer riches richest richie richmond rick ricky rico rid ridden riddle
ride rider riders rides ridge ridges ridicule ridiculous ridiculously riding riff rifle rifles rift rig rigged rigging
right righteous righteousness rightful rightly rights rigid rigorous riley rim ring ringing rings rink rinse rio
riot riots rip ripe ripped ripping ripple rise risen rises rising risk risked risking risks risky rita rite rites
ritual rituals rival rivalry rivals river rivera rivers riverside rm rn rna roach road roads roadside roadway roam
roaming roar roaring roast roasted roasting rob robbed robber robbers robbery robbie robbing robbins robe robert
roberto roberts robertson robes robin robinson robot robotic robotics robots robust roche rochester rock rocked
rockefeller rocker rocket rockets rockies rocking rocks rocky rod rode rodents rodeo rodgers rodney rodriguez rods
roe roger rogers rogue roland role roles rolex roll rolled roller rollers rolling rollins rolls rom roman romance
romania romanian romans romantic rome romeo romero romney ron ronald ronnie roof roofs rooftop rookie room roommate
roommates rooms rooney roosevelt rooster root rooted rooting roots rope ropes rory rosa rose rosemary rosenberg
roses rosie ross roster rot rotary rotate rotated rotating rotation roth rotor rotten rotting rouge rough roughly
roulette round roundabout rounded rounder rounding rounds roundup route routed router routes routine routinely routines
routing rover rovers row rowe rowing rowland rows roy royal royals royalties royalty royce rpm rr rs ru rub rubbed
rubber rubbing rubbish rubble rubin ruby rude rudolph rudy rue rufus rug rugby rugged ruin ruined ruining ruins
rule ruled ruler rulers rules ruling rulings rum rumble rumor rumored rumors run runaway runner runners running
runoff runs runway rupees rupert rural rush rushed rushes rushing russ russell russia russian russians rust rustic
rusty rutgers ruth rutherford ruthless rv rwanda rx ryan ryder rye s sabbath sabotage sabrina sac sachs sack sacked
sacks sacramento sacred sacrifice sacrificed sacrifices sacrificing sad saddam saddle sadly sadness safari safe
safeguard safeguards safely safer safest safety saga sage sahara said sail sailed sailing sailor sailors sails saint
saints sake sal salad salads salaries salary sale salem sales salesman saline salisbury saliva sally salmon salon
saloon salsa salt salts salty salute salvador salvage salvation sam samantha same sammy samoa sample sampled samples
sampling samson samsung samuel samurai san sanchez sanction sanctioned sanctions sanctuary sand sandals sanders
sandra sands sandstone sandwich sandwiches sandy sane sanford sang sanitary sanitation sanity sank sans sanskrit
santa santiago santos sap sapphire sara sarah sarcasm sarcastic sasha saskatchewan sat satan satanic satellite satellites
satin satire satirical satisfaction satisfactory satisfied satisfy satisfying saturated saturation saturday saturdays
saturn sauce saudi saul saunders sausage sausages savage savages savannah save saved saves saving savings savior
saviour savvy saw sawyer saxon say saying says sb sc scale scaled scales scaling scalp scam scams scan scandal scandals
scandinavian scanned scanner scanning scans scar scarce scarcely scarcity scare scared scares scarf scarlet scars
scary scatter scattered scattering scenario scenarios scene scenery scenes scenic scent scented schedule scheduled
schedules scheduling scheme schemes schizophrenia schmidt schneider scholar scholarly scholars scholarship scholarships
school schooling schools schultz schwartz science sciences scientific scientifically scientist scientists scientology
scissors sclerosis scoop scooter scope score scored scorer scores scoring scorpion scotch scotia scotland scots
scott scottish scout scouting scouts scramble scrambled scrap scrape scraping scrapped scraps scratch scratched
scratches scratching scream screamed screaming screams screen screened screening screenings screenplay screens screenshot
screenshots screw screwed screwing screws script scripted scripts scripture scriptures scroll scrolling scrolls
scrub scrutiny scuba sculptor sculpture sculptures scum scumbag sd se sea seafood seal sealed sealing seals seam
seamless seams sean search searched searches searching sears seas seaside season seasonal seasoned seasons seat
seated seating seats seattle sebastian sec second secondary secondly seconds secrecy secret secretariat secretaries
secretary secretly secrets sect section sectional sections sector sectors secular secure secured securing securities
security sedan sediment see seed seeded seeds seeing seek seeker seekers seeking seeks seem seemed seeming seemingly
seems seen sees segment segments segregated segregation seinfeld seismic seize seized seizing seizure seizures seldom
select selected selecting selection selections selective selectively selects self selfie selfies selfish selfless
sell seller sellers selling sells selves semantic semantics semen semester semi semiconductor semifinals seminar
seminars seminary semitic sen senate senator senators send sending sends senegal senior seniors sensation sensational
sensations sense sensed senseless senses sensible sensing sensitive sensitivity sensor sensors sensory sensual sent
sentence sentenced sentences sentencing sentiment sentimental sentiments sentinel seoul sep separate separated separately
separates separating separation sept september sequel sequels sequence sequences sequencing sequential serbia serbian
serena serenity sergeant sergei sergio serial series serious seriously seriousness sermon sermons serpent serum
servant servants serve served server servers serves service services servicing serving sesame session sessions set
setback seth sets setting settings settle settled settlement settlements settlers settles settling setup seven seventeen
seventeenth seventh seventy several severe severed severely severity sew sewage sewer sewing sex sexes sexism sexist
sexual sexuality sexually sexy seymour sf sgt sh shack shade shades shading shadow shadows shady shaft shafts shah
shake shaken shakes shakespeare shaking shaky shale shall shallow shalt sham shame shameful shameless shaming shampoo
shane shanghai shannon shape shaped shapes shaping shapiro share shared shareholder shareholders shares sharia sharif
sharing shark sharks sharon sharp sharply shattered shattering shaun shave shaved shaving shaw shawn she shea shear
shed shedding sheds sheen sheep sheer sheet sheets sheffield sheikh sheila shelby sheldon shelf shell shelley shells
shelly shelter sheltered shelters shelton shelves shepard shepherd sheppard sheridan sheriff sherlock sherman sherry
sherwood shes shield shields shift shifted shifting shifts shin shine shines shining shiny ship shipbuilding shipment
shipments shipped shipping ships shire shirley shirt shirts shit shits shitting shitty shiva shock shocked shocking
shocks shoe shoes shook shoot shooter shooters shooting shootings shootout shoots shop shoppers shopping shops shore
shoreline shores short shortage shortages shortcomings shortcut shorten shortened shorter shortest shortly shorts
shot shotgun shots should shoulder shoulders shout shouted shouting shouts shove shoved shovel show showcase showcasing
showdown showed shower showers showing shown shows shred shredded shrimp shrine shrink shrinking shrubs shrug shrugged
shuffle shut shutdown shuts shutter shutting shuttle shy si siberia siberian sibling siblings sic sicily sick sickening
sickness sid side sided sideline sidelines sides sidewalk sidewalks sideways siding sidney siege siemens sierra
sigh sighs sight sighted sighting sights sigma sign signal signaling signalling signals signature signatures signed
significance significant significantly signifies signing signings signs sikh silence silenced silent silently silhouette
silicon silicone silk silly silva silver sim similar similarities similarity similarly simmons simon simone simple
simpler simplest simplicity simplified simplify simplistic simply simpson simpsons sims simulate simulated simulation
simulations simulator simultaneous simultaneously sin sinai since sincere sincerely sincerity sinclair sinful sing
singapore singer singers singh singing single singled singles sings singular sinister sink sinking sinks sinner
sinners sins sioux sip sipping sir sire siren sirens sis sister sisters sit sitcom site sites sits sitting situated
situation situations six sixteen sixteenth sixth sixties sixty sizable size sized sizes skate skater skates skating
skeletal skeleton skeletons skeptical skepticism sketch sketches ski skies skiing skill skilled skills skin skinned
skinner skinny skins skip skipped skipper skipping skirt skirts skull skulls sky skye skyline skype slab slack slain
slam slammed slamming slams slander slang slap slapped slapping slash slate slated slater slaughter slaughtered
slave slavery slaves slay slayer sleek sleep sleeper sleeping sleeps sleepy sleeve sleeves slender slept slew slice
sliced slices slick slid slide slides sliding slight slightest slightly slim slime sling slip slipped slippers slippery
slipping slips slit sloan slogan slogans slope slopes sloppy slot slots slovakia slovenia slow slowed slower slowing
slowly slows slug slump slut sly sm smack small smaller smallest smart smarter smartest smartphone smartphones smash
smashed smashing smear smell smelled smelling smells smelly smile smiled smiles smiley smiling smith smithsonian
smoke smoked smoker smokers smokes smoking smoky smooth smoother smoothly smug smuggling snack snacks snail snake
snakes snap snapped snapping snaps snapshot snatch snatched sneak sneakers sneaking sneaky sniff sniper snoop snow
snowy snyder so soak soaked soaking soap soar soaring sobbing sober soccer social socialism socialist socialists
socially societal societies society socioeconomic sociology sock socket socks soda sodium sofa sofia soft softball
soften softer softly software soho soil soils sol solar sold soldier soldiers sole solely solemn solicitor solicitors
solid solidarity solids solitary solitude solo solomon solos soluble solution solutions solve solved solvent solves
solving somali somalia some somebody someday somehow someone something sometime sometimes somewhat somewhere son
sonar song songs songwriter sonia sonic sonny sons sony soon sooner soothing sophia sophie sophisticated sophomore
soprano sore sorrow sorry sort sorta sorted sorting sorts sos sought soul souls sound sounded sounding sounds soundtrack
soup sour source sourced sources south southampton southeast southeastern southern southwest southwestern souvenir
sovereign sovereignty soviet soviets sow sox soy spa space spacecraft spaced spaces spaceship spacing spacious spade
spaghetti spain spam span spaniards spanish spanning spans spare spared spark sparked sparkle sparkling sparks sparrow
sparse spartan spat spatial spawn spawned spawning speak speaker speakers speaking speaks spear spears spec special
specialist specialists specialization specialized specializes specializing specially specials specialties specialty
species specific specifically specification specifications specifics specified specify specimen specimens specs
spectacle spectacular spectator spectators spectral spectroscopy spectrum speculate speculated speculation speculative
speech speeches speed speeding speeds speedy spell spelled spelling spells spence spencer spend spending spends
spent sperm sphere spheres spherical spice spices spicy spider spiders spies spike spikes spill spilled spilling
spills spin spinach spinal spine spinner spinning spins spiral spirit spirited spirits spiritual spirituality spiritually
spit spite spitting splash splendid split splits splitting spoil spoiled spoiler spoilers spoils spokane spoke spoken
spokesman spokesperson sponge sponsor sponsored sponsoring sponsors sponsorship spontaneous spontaneously spooky
spoon sporadic sport sporting sports spot spotlight spots spotted spotting spouse spouses spray sprayed spraying
spread spreading spreads spreadsheet spree spring springfield springs sprinkle sprint spruce sprung spun spur spurs
spy spying sq sql squad squadron squads square squared squares squash squat squeeze squeezed squeezing squid squirrel
squirrels sr ss st stab stabbed stabbing stability stabilization stabilize stabilized stable stables stacey stack
stacked stacking stacks stacy stadium stadiums staff staffed staffing stafford stage staged stages staggering staging
stagnant stain stained stainless stains staircase stairs stake stakes stale stalin stalk stalker stalking stall
stalled stalls stamford stamina stamp stamped stamps stan stance stand standard standardized standards standby standing
standings standpoint stands stanford stanley stanton staple staples star starbucks starch stare stared stares staring
stark starr starred starring stars start started starter starters starting startled startling starts startup startups
starvation starve starved starving stash stat state stated statement statements staten states statesman statewide
static stating station stationary stationed stationery stations statistic statistical statistically statistics stats
statue statues stature status statute statutes statutory stay stayed staying stays std steadily steady steak steaks
steal stealing steals stealth steam steamed steamer steaming steel steele steep steer steering stefan stein stella
stellar stem stems step stephanie stephen stephens stephenson stepped stepping steps stereo stereotype stereotypes
sterile sterling stern steroid steroids steve steven stevens stevenson stevie stew steward stewart stick sticker
stickers sticking sticks sticky stiff stigma still stimulate stimulated stimulating stimulation stimuli stimulus
sting stink stint stir stirling stirred stirring stitch stitches stock stocked stockholm stocking stockings stocks
stockton stoke stoked stokes stole stolen stomach stone stoned stones stony stood stool stop stopped stopping stops
storage store stored stores storey stories storing storm stormed storms stormy story stout stove straight straightforward
strain strained strains strait straits strand stranded strands strange strangely stranger strangers strap strapped
straps strategic strategically strategies strategy strauss straw strawberries strawberry stray streak streaks stream
streamed streaming streams street streets strength strengthen strengthened strengthening strengths stress stressed
stresses stressful stressing stretch stretched stretches stretching stricken strict strictly stride strides strife
strike striker strikers strikes striking string stringent strings strip stripe striped stripes stripped stripper
stripping strips strive striving stroke strokes stroll strong stronger strongest stronghold strongly struck structural
structure structured structures struggle struggled struggles struggling strung stuart stubborn stuck stud student
students studied studies studio studios studs study studying stuff stuffed stuffing stumble stumbled stumbling stump
stun stunned stunning stunt stunts stupid stupidity sturdy sturgeon style styled styles styling stylish stylist
suarez sub subcommittee subconscious subdivision subdued subject subjected subjective subjects sublime submarine
submarines submerged submission submissions submit submitted submitting subordinate subpoena subs subscribe subscribed
subscriber subscribers subscription subscriptions subsequent subsequently subset subsidiaries subsidiary subsidies
subsidized subsidy substance substances substantial substantially substantive substitute substituted substitutes
substitution substrate subtitles subtle subtly suburb suburban suburbs subway succeed succeeded succeeding succeeds
success successes successful successfully succession successive successor successors such suck sucked sucker sucking
sucks suction sudan sudanese sudden suddenly sue sued suffer suffered suffering suffers suffice sufficient sufficiently
suffolk suffrage sugar sugars suggest suggested suggesting suggestion suggestions suggests suicidal suicide suicides
suing suit suitable suitcase suite suited suites suits sulfur sullivan sultan sum summaries summarized summary summed
summer summers summit summon summoned summons sums sun sunday sundays sunflower sung sunglasses sunk sunlight sunni
sunny sunrise suns sunscreen sunset sunshine sup super superb superficial superintendent superior superiority superiors
superman supermarket supermarkets supernatural superstar superstars supervise supervised supervising supervision
supervisor supervisors supervisory supper supplement supplemental supplementary supplemented supplements supplied
supplier suppliers supplies supply supplying support supported supporter supporters supporting supportive supports
suppose supposed supposedly suppress suppressed suppression supremacy supreme sure surely surf surface surfaced
surfaces surfer surfing surge surgeon surgeons surgeries surgery surgical surname surpass surpassed surplus surprise
surprised surprises surprising surprisingly surreal surrender surrendered surrey surrogate surround surrounded surrounding
surroundings surrounds surveillance survey surveyed surveying surveyor surveys survival survive survived survives
surviving survivor survivors susan susceptible sushi suspect suspected suspects suspend suspended suspense suspension
suspicion suspicions suspicious sussex sustain sustainable sustained sustaining sutherland sutton suv suzanne suzuki
sw swallow swallowed swallowing swam swamp swan swans swansea swap swapped swapping swarm swat sway swear swearing
sweat sweater sweating sweaty sweden swedish sweeney sweep sweeping sweeps sweet sweeter sweetest sweetheart sweetie
sweetness sweets swell swelling swept swift swiftly swim swimmer swimmers swimming swine swing swinging swings swipe
swiss switch switched switches switching switzerland swollen sword swords swore sworn swung sydney sykes syllable
syllabus sylvia symbol symbolic symbolism symbols symmetry sympathetic sympathy symphony symposium symptom symptoms
synagogue sync syndicate syndrome synod synonymous synopsis syntax synthesis synthetic syracuse syria syrian syrup
system systematic systematically systemic systems t ta tab table tables tablet tablets taboo tabs tack tackle tackled
tackles tackling taco tacos tactic tactical tactics tad tag tagged tagging tags tail tailed tailor tailored tails
tainted taipei taiwan taiwanese take taken takeoff takeover takes taking talbot tale talent talented talents tales
taliban talk talked talking talks tall taller tallest tally tame tamil tammy tampa tan tandem tang tangible tangled
tango tank tanker tanks tanner tanning tanya tanzania tao tap tape taped taper tapes tapped tapping taps tar tara
target targeted targeting targets tariff tariffs tart task tasked tasks tasmania taste tasted tastes tasting tasty
tat tate tattoo tattooed tattoos tatum taught tavern tax taxable taxation taxed taxes taxi taxing taxis taxpayer
taxpayers taylor tb tc td tea teach teacher teachers teaches teaching teachings team teamed teaming teammate teammates
teams teamwork tear tearing tears tease teased teaser teasing teaspoon tech technical technically technician technicians
technique techniques techno technological technologies technology ted teddy tedious tee teen teenage teenager teenagers
teens tees teeth tehran tel telecommunications telegram telegraph telephone telescope televised television tell
teller telling tells temp temper temperament temperate temperature temperatures tempered tempest template templates
temple temples tempo temporal temporarily temporary temps temptation tempted tempting ten tenant tenants tend tended
tendencies tendency tender tending tendon tends tennessee tennis tenor tens tense tension tensions tent tentative
tenth tents tenure tequila teresa term termed terminal terminals terminate terminated termination terminology terms
terra terrace terraces terrain terrestrial terrible terribly terrific terrified terrifying territorial territories
territory terror terrorism terrorist terrorists terry tertiary tesla test testament tested testified testify testimony
testing testosterone tests tex texans texas text textbook textbooks texted textile textiles texting texts textual
texture textures th thai thailand thames than thank thanked thankful thankfully thanking thanks thanksgiving that
thatcher the theater theaters theatre theatres theatrical thee theft their theirs them thematic theme themes themselves
then theodore theological theology theorem theoretical theoretically theories theorists theory therapeutic therapies
therapist therapists therapy there thereafter thereby therefore therein thereof theresa thermal these thesis they
thick thicker thickness thief thieves thigh thighs thin thine thing things think thinker thinkers thinking thinks
thinner third thirds thirst thirsty thirteen thirteenth thirty this tho thomas thompson thomson thor thorn thornton
thorough thoroughly thorpe those thou though thought thoughtful thoughts thousand thousands thread threads threat
threaten threatened threatening threatens threats three threesome threshold threw thrift thrill thrilled thriller
thrilling thrive thriving throat throats throne thrones throttle through throughout throw throwing thrown throws
thru thrust thug thugs thumb thumbs thunder thunderstorms thursday thus thy thyroid ti tibet tibetan tick ticket
tickets ticking ticks tidal tide tides tidy tie tied tier ties tiffany tiger tigers tight tighten tightened tightening
tighter tightly tights tile tiles till tilt tilted tim timber time timed timeless timeline timely timer times timetable
timing timmy timothy tin tina tinder ting tiny tip tipped tipping tips tire tired tires tiring tissue tissues tit
titan titanic titanium titans title titled titles tito tits titus tl tlc tm tn tnt to toad toast toaster tobacco
tobago toby today todd toddler toddlers toe toes tofu together toilet toilets token tokens tokyo told toledo tolerance
tolerant tolerate tolerated toll tolls tom tomas tomato tomatoes tomb tombs tommy tomorrow ton tone toned tones
tongue tongues toni tonic tonight tonnes tons tony too took tool tools tooth toothbrush toothpaste top topic topical
topics topless topped topping tops tor torah torch tore tories torment torn tornado toronto torpedo torque torrent
torres torso torture tortured tory toss tossed tossing total totaled totaling totally totals touch touchdown touchdowns
touched touches touching tough tougher toughest toughness tour toured touring tourism tourist tourists tournament
tournaments tours tow toward towards towed towel towels tower towers towing town towns townsend township toxic toxicity
toxin toxins toy toyota toys trace traced traces tracey tracing track tracked tracker tracking tracks tract traction
tractor tractors tracy trade traded trademark trademarks trader traders trades trading tradition traditional traditionally
traditions traffic trafficking tragedies tragedy tragic trail trailer trailers trailing trails train trained trainee
trainer trainers training trains trait traitor traitors traits trajectory tram trance trans transaction transactions
transcript transcription transcripts transfer transferred transferring transfers transform transformation transformations
transformed transformer transformers transforming transforms transient transit transition transitional transitions
translate translated translates translating translation translations translator transmission transmissions transmit
transmitted transmitter transmitting transparency transparent transplant transport transportation transported transporting
transports trap trapped trapping traps trash trauma traumatic travel traveled traveler travelers traveling travelled
traveller travellers travelling travels traverse travis tray treacherous tread treadmill treason treasure treasurer
treasures treasury treat treated treaties treating treatise treatment treatments treats treaty treble tree trees
trek tremendous tremendously trench trenches trend trending trends trendy trent trenton trevor trey trial trials
triangle triangular tribal tribe tribes tribunal tribune tribute trick tricked tricks tricky tried tries trigger
triggered triggering triggers trillion trilogy trim trimmed trinidad trinity trio trip triple tripoli tripped tripping
trips tristan triumph triumphant trivia trivial trojan troll trolley trolling trolls troop trooper troopers troops
trophies trophy tropical trouble troubled troubles troublesome troubling trough trousers trout troy truce truck
trucking trucks trudeau true truly truman trump trumpet trumps trunk trunks truss trust trusted trustee trustees
trusting trusts trustworthy truth truthful truths try trying ts tsunami tub tube tuberculosis tubes tubing tuck
tucked tucker tucson tudor tuesday tuesdays tug tuition tulsa tumble tummy tumor tumors tuna tune tuned tunes tuning
tunisia tunnel tunnels turbine turbines turbulence turbulent turf turin turk turkey turkish turks turmoil turn turnaround
turned turner turning turnout turnover turns turquoise turret turtle turtles tutor tutorial tutorials tv tvs twain
tweet tweeted tweeting tweets twelfth twelve twenties twentieth twenty twice twilight twin twins twist twisted twisting
twists twitch twitter two tx ty tying tyler type typed types typhoon typical typically typing typo tyranny tyrant
tyre tyrone tyson u ubiquitous ucla ufo uganda ugh ugly uh uk ukraine ukrainian ulster ultimate ultimately ultra
ultrasound ultraviolet um umbrella umpire un unable unacceptable unaffected unanimous unanimously unanswered unarmed
unattractive unauthorized unavailable unavoidable unaware unbearable unbeaten unbelievable unbelievably unbiased
unborn uncanny uncertain uncertainties uncertainty unchanged uncle unclear uncles uncomfortable uncommon unconditional
unconscious unconstitutional unconventional uncover uncovered undefeated undeniable under underage undercover underdog
underestimate underestimated undergo undergoing undergone undergraduate underground underlying undermine undermined
undermining underneath underrated understand understandable understanding understands understatement understood
undertake undertaken undertaking undertook underwater underwear underwent underwood underworld undesirable undisclosed
undo undocumented undone undoubtedly uneasy unemployed unemployment unequal unesco unethical uneven unexpected unexpectedly
unfair unfairly unfamiliar unfinished unfit unfold unfolding unforgettable unfortunate unfortunately ungrateful
unhappy unhealthy unheard unicorn unidentified unification unified uniform uniforms unilateral union unions unique
uniquely unit unite united uniting units unity universal universally universe universities university unix unjust
unknown unlawful unleash unleashed unless unlike unlikely unlimited unlock unlocked unlucky unmarried unnamed unnatural
unnecessarily unnecessary unnoticed unofficial unpaid unpleasant unpopular unprecedented unpredictable unpublished
unreal unrealistic unreasonable unrelated unreliable unresolved unrest unsafe unseen unspecified unstable unstoppable
unsuccessful unsure until unto untold untouched untreated untrue unused unusual unusually unveiled unwanted unwilling
up upbeat upbringing upcoming update updated updates updating upfront upgrade upgraded upgrades upgrading upheld
uphill uphold uplifting upload uploaded uploading upon upper upright uprising ups upset upsets upsetting upside
upstairs upstate upstream upton uptown upward upwards ur uranium urban urge urged urgency urgent urgently urges
urging urinary urine url uruguay us usa usable usage usb usda use used useful usefulness useless user username users
uses usher using uss ussr usual usually ut utah utc uterus utilities utility utilization utilize utilized utilizing
utmost utopia utter utterly uv v va vacancies vacancy vacant vacated vacation vacations vaccinated vaccination vaccine
vaccines vacuum vagina vaginal vague vaguely vain val vale valencia valentine valerie valiant valid validate validated
validation validity valley valleys valuable valuation value valued values valve valves vampire vampires van vance
vancouver vandalism vanessa vanguard vanilla vanish vanished vanity vans vapor var vargas variability variable variables
variance variant variants variation variations varied varies varieties variety various varsity vary varying vascular
vase vast vastly vat vatican vaughan vaughn vault vector vectors vega vegan vegas vegetable vegetables vegetarian
vegetation veggies vehicle vehicles veil vein veins velocity velvet vending vendor vendors venetian venezuela venezuelan
vengeance venice venom vent ventilation vents venture ventures venue venues venus vera verb verbal verbally verbs
verdict verge verification verified verify verizon vermont vernon veronica versatile versatility verse verses version
versions versus vertical vertically very vessel vessels vest vested vet veteran veterans veterinary veto vets vhs
vi via viability viable vibe vibes vibrant vibrating vibration vibrations vic vicar vice vicinity vicious vicky
victim victims victor victoria victorian victories victorious victory video videos vie vienna vietnam vietnamese
view viewed viewer viewers viewing viewpoint views vigilant vigilante vigorous vigorously vii viii viking vikings
vile villa village villagers villages villain villains villas vince vincent vine vinegar vines vineyard vineyards
vintage vinyl viola violate violated violates violating violation violations violence violent violently violet violin
vip viper viral virgil virgin virginia virginity virtual virtually virtue virtues virus viruses visa visas visibility
visible visibly vision visionary visions visit visitation visited visiting visitor visitors visits vista visual
visualization visually visuals vital vitality vitamin vitamins viva vivian vivid vladimir vocabulary vocal vocalist
vocals vocational vodka vogue voice voiced voicemail voices void vol volatile volatility volcanic volcano volcanoes
volkswagen volleyball vols volt voltage volume volumes voluntarily voluntary volunteer volunteered volunteering
volunteers volvo vomit vomiting voodoo vortex vote voted voter voters votes voting voucher vouchers vow vowed vowel
vows voyage voyager vp vs vt vulgar vulnerability vulnerable w wa wade waffle wage wager wages wagner wagon wagons
waist wait waited waiter waiting waitress waits waived waiver wake wakes waking wales walk walked walker walkers
walking walks wall wallace walled wallet wallets wallpaper walls walmart walnut walsh walt walter walters walton
waltz wan wand wanda wander wandered wanderers wandering wang wanna want wanted wanting wants war ward warden wardrobe
wards ware warehouse warehouses warfare warm warmed warmer warming warmth warn warned warner warning warnings warns
warp warped warrant warranted warrants warranty warren warrior warriors wars warsaw warships wartime warwick wary
was wash washed washer washes washing washington wasp wasps waste wasted wastes wastewater wasting watch watched
watches watching water watered waterfall waterfront watering waterloo watermelon waterproof waters watershed waterways
watkins watson watt watts wave waved wavelength waves waving wax way wayne ways wc we weak weaken weakened weakening
weaker weakest weakness weaknesses wealth wealthy weapon weaponry weapons wear wearing wears weary weather weave
weaver weaving web webb webcam weber website websites webster wed wedding weddings wedge wednesday wee weed weeds
week weekday weekend weekends weekly weeks weep weeping wei weigh weighed weighing weighs weight weighted weights
weir weird weirdest weirdo weiss welch welcome welcomed welcomes welcoming weld welding welfare well wellington
wells welsh wen wendy went were werewolf wesley west western westminster weston westward wet wetlands whack whale
whales wharf what whatever whats whatsoever wheat wheel wheelchair wheeled wheeler wheels when whenever where whereabouts
whereas whereby wherein wherever whether which whichever while whilst whining whip whipped whipping whiskey whisky
whisper whispered whispering whispers whistle whistles white whitehall whites whitman whitney who whoa whoever whole
wholesale wholesome wholly whom whoops whore whores whose why wi wichita wick wicked wicket wickets wide widely
widened widening wider widespread widow widows width wielding wife wifi wig wiggins wii wiki wikileaks wikipedia
wild wildcats wilde wilder wilderness wildfire wildlife wildly wiley wilhelm wilkins wilkinson will willard william
williams williamson willie willing willingly willingness willis willow wills willy wilmington wilson wimbledon win
winchester wind winding window windows winds windshield windsor windy wine winery wines wing winged winger wingers
wings wink winner winners winnie winning winnipeg wins winston winter winters wipe wiped wipes wiping wire wired
wireless wires wiring wisconsin wisdom wise wisely wiser wish wished wishes wishing wit witch witchcraft witches
with withdraw withdrawal withdrawals withdrawing withdrawn withdrew withheld withholding within without withstand
witness witnessed witnesses witnessing wits witty wives wizard wizards wm woe woes woke woken wolf wolfe wolverine
wolves woman womb women won wonder wondered wonderful wonderfully wondering wonderland wonders wong wont woo wood
wooded wooden woodland woods woodward woody wool worcester word wording wordpress words wore work worked worker
workers workforce working workings workload workout workouts workplace works workshop workshops world worldly worlds
worldwide worm worms worn worried worries worry worrying worse worship worst worth worthless worthwhile worthy would
wound wounded wounds woven wow wrap wrapped wrapping wraps wrath wreath wreck wrecked wrecking wrench wrestle wrestler
wrestlers wrestling wretched wright wrinkles wrist wrists writ write writer writers writes writing writings written
wrong wrongful wrongly wrongs wrote wrought wt wu wwii www wyatt wyoming x xavier xi xii xiii xiv xl xv xvi xx xxx
y yacht yahoo yale yamaha yang yankee yankees yard yards yarn yates ye yea yeah year yearbook yearly years yeast
yell yelled yelling yellow yells yemen yen yep yes yesterday yet yield yielded yielding yields yo yoga yogurt yong
york yorkshire you young younger youngest youngsters your yours yourself yourselves youth youthful youths youtube
yr yrs yuan yugoslavia yum yummy yup yuri z zambia zara zealand zebra zen zero zeus zimbabwe zimmerman zinc zion
zionist zip zipper zodiac zoe zombie zombies zone zones zoning zoo zoom
"""
}
