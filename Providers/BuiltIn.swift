import OAuth
